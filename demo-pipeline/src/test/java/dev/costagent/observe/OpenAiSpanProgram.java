package dev.costagent.observe;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.costagent.PipelineStage;

/**
 * A program on the real OpenAI client, for the both-agents test: one chat completion in the stage {@code draft},
 * with no tracked call around it, so that cost-agent prices it inside the OpenTelemetry agent's span of the call.
 *
 * <p>Argument: the OpenAI base URL (the test's loopback server).
 */
public final class OpenAiSpanProgram {

    private final OpenAIClient openai;

    OpenAiSpanProgram(OpenAIClient openai) {
        this.openai = openai;
    }

    public static void main(String[] args) {
        OpenAIClient openai = OpenAIOkHttpClient.builder().baseUrl(args[0]).apiKey("e2e").maxRetries(0).build();
        try {
            new OpenAiSpanProgram(openai).draft();
        } finally {
            openai.close();
        }
        System.out.println("MAIN RETURNS");
    }

    @PipelineStage("draft")
    void draft() {
        ChatCompletion c = openai.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(ChatModel.GPT_4O).addUserMessage("Give me three startup ideas.").build());
        System.out.println("draft " + c.id());
    }
}
