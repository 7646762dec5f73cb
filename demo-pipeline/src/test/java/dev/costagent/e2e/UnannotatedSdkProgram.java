package dev.costagent.e2e;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.Model;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.batches.MessageBatchIndividualResponse;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.embeddings.EmbeddingModel;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;

/**
 * A program with no annotation and no cost-agent class anywhere: only the SDK hooks can price it. Every client
 * path the agent hooks is exercised once, in two plain methods that a test may declare as stages with
 * {@code -Dcostagent.stages=dev.costagent.e2e.UnannotatedSdkProgram#stage*}.
 *
 * <p>Arguments: the Anthropic base URL and the OpenAI base URL.
 */
public final class UnannotatedSdkProgram {

    private final AnthropicClient anthropic;
    private final OpenAIClient openai;

    private UnannotatedSdkProgram(AnthropicClient anthropic, OpenAIClient openai) {
        this.anthropic = anthropic;
        this.openai = openai;
    }

    public static void main(String[] args) {
        AnthropicClient anthropic = AnthropicOkHttpClient.builder().baseUrl(args[0]).apiKey("e2e").maxRetries(0).build();
        OpenAIClient openai = OpenAIOkHttpClient.builder().baseUrl(args[1]).apiKey("e2e").maxRetries(0).build();
        UnannotatedSdkProgram p = new UnannotatedSdkProgram(anthropic, openai);
        try {
            p.stageAnthropic();
            p.stageOpenAi();
        } finally {
            anthropic.close();
            openai.close();
        }
        System.out.println("DONE");
    }

    void stageAnthropic() {
        MessageCreateParams params = MessageCreateParams.builder().model(Model.CLAUDE_SONNET_4_5).maxTokens(256)
                .addUserMessage("Ideas, please.").build();
        System.out.println("sync " + anthropic.messages().create(params).id());
        System.out.println("async " + anthropic.async().messages().create(params).join().id());
        try (StreamResponse<RawMessageStreamEvent> stream = anthropic.messages().createStreaming(params)) {
            System.out.println("stream events " + stream.stream().count());
        }
        anthropic.async().messages().createStreaming(params)
                .subscribe(event -> { })
                .onCompleteFuture().join();
        System.out.println("async stream done");
        System.out.println("beta " + anthropic.beta().messages().create(
                com.anthropic.models.beta.messages.MessageCreateParams.builder().model(Model.CLAUDE_SONNET_4_5)
                        .maxTokens(256).addUserMessage("Beta ideas.").build()).id());
        try (StreamResponse<MessageBatchIndividualResponse> results =
                     anthropic.messages().batches().resultsStreaming("msgbatch_e2e")) {
            for (MessageBatchIndividualResponse r : results) {
                System.out.println("batch " + r.customId());
            }
        }
    }

    void stageOpenAi() {
        ChatCompletionCreateParams chat = ChatCompletionCreateParams.builder().model(ChatModel.GPT_4O)
                .addUserMessage("Critique it.").build();
        System.out.println("chat " + openai.chat().completions().create(chat).id());
        ChatCompletionCreateParams streamed = chat.toBuilder().model(ChatModel.GPT_4O_MINI)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
        try (com.openai.core.http.StreamResponse<ChatCompletionChunk> stream =
                     openai.chat().completions().createStreaming(streamed)) {
            stream.stream().forEach(chunk -> { });
        }
        // No include_usage: the stream carries no usage, which the agent must warn about once.
        openai.async().chat().completions().createStreaming(chat.toBuilder().model(ChatModel.GPT_4O_MINI).build())
                .subscribe(chunk -> { })
                .onCompleteFuture().join();
        System.out.println("responses " + openai.responses().create(
                ResponseCreateParams.builder().model(ChatModel.GPT_4_1).input("Summarise.").build()).id());
        try (com.openai.core.http.StreamResponse<ResponseStreamEvent> stream = openai.responses().createStreaming(
                ResponseCreateParams.builder().model(ChatModel.GPT_5).input("Summarise, streaming.").build())) {
            System.out.println("responses stream events " + stream.stream().count());
        }
        System.out.println("embeddings " + openai.embeddings().create(EmbeddingCreateParams.builder()
                .model(EmbeddingModel.TEXT_EMBEDDING_3_SMALL).input("idea one").build()).data().size());
    }
}
