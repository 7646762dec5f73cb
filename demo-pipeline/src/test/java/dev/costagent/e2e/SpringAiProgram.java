package dev.costagent.e2e;

import dev.costagent.PipelineStage;
import dev.costagent.TrackedCall;
import java.util.List;
import org.springframework.ai.anthropic.AnthropicChatModel;
import org.springframework.ai.anthropic.AnthropicChatOptions;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;

/**
 * Spring AI 2.0.1 over the official OpenAI and Anthropic SDKs: calls, streams, a tool loop through ChatClient, and
 * a tracked wrapper.
 * Every HTTP call is counted once, by the SDK hook beneath Spring AI. Arguments: the fake server's base URL.
 */
public final class SpringAiProgram {

    private final String base;

    private SpringAiProgram(String base) {
        this.base = base;
    }

    public static void main(String[] args) {
        new SpringAiProgram(args[0]).springAi();
        System.out.println("DONE");
        // OkHttp's idle threads would hold the JVM for a minute.
        System.exit(0);
    }

    @PipelineStage("spring-ai")
    void springAi() {
        ChatModel openAi = OpenAiChatModel.builder().options(OpenAiChatOptions.builder().baseUrl(base + "/v1")
                .apiKey("e2e").model("gpt-4o").streamUsage(true).maxRetries(0).build()).build();
        ChatModel anthropic = AnthropicChatModel.builder().options(AnthropicChatOptions.builder().baseUrl(base)
                .apiKey("e2e").model("claude-sonnet-4-5").maxTokens(256).build()).build();

        ChatResponse wrapped = ask(openAi);
        System.out.println("openai call " + wrapped.getMetadata().getUsage());
        System.out.println("again " + again(wrapped).getMetadata().getId());
        List<ChatResponse> streamed = openAi.stream(new Prompt("Stream it.")).collectList().block();
        System.out.println("openai stream " + streamed.get(streamed.size() - 1).getMetadata().getUsage());
        System.out.println("anthropic call " + anthropic.call(new Prompt("Ideas, please.")).getMetadata().getUsage());
        streamed = anthropic.stream(new Prompt("Stream ideas.")).collectList().block();
        System.out.println("anthropic stream " + streamed.get(streamed.size() - 1).getMetadata().getUsage());

        // Spring AI 2 runs tools in ChatClient's tool-calling advisor: two ChatModel.call, two HTTP calls, and a
        // final response whose usage is the sum of both.
        ChatModel toolModel = OpenAiChatModel.builder().options(OpenAiChatOptions.builder().baseUrl(base + "/v1")
                .apiKey("e2e").model("gpt-4o-mini").maxRetries(0).build()).build();
        ChatResponse answer = ChatClient.create(toolModel).prompt().user("What time is it?")
                .toolCallbacks(List.of(new CurrentTime())).call().chatResponse();
        System.out.println("tool loop " + answer.getResult().getOutput().getText() + " "
                + answer.getMetadata().getUsage());
    }

    @TrackedCall("SpringWrapper.ask")
    ChatResponse ask(ChatModel model) {
        return model.call(new Prompt("Critique it."));
    }

    @TrackedCall("SpringWrapper.again")
    ChatResponse again(ChatResponse response) {
        return response;
    }

    /** A tool with an explicit schema, which Spring AI runs between the two HTTP calls of its tool loop. */
    static final class CurrentTime implements ToolCallback {
        @Override
        public ToolDefinition getToolDefinition() {
            return ToolDefinition.builder().name("currentTime").description("The current time")
                    .inputSchema("{\"type\":\"object\",\"properties\":{}}").build();
        }

        @Override
        public String call(String toolInput) {
            return "12:00";
        }
    }
}
