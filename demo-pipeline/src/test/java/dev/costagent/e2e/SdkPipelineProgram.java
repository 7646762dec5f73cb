package dev.costagent.e2e;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.Model;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.embeddings.EmbeddingModel;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import dev.costagent.BudgetExceededException;
import dev.costagent.CostAgent;
import dev.costagent.PipelineStage;
import dev.costagent.TrackedCall;
import java.math.BigDecimal;
import java.util.concurrent.CompletableFuture;

/**
 * The program the end-to-end tests run under the agent, in its own JVM: three stages on the real Anthropic and
 * OpenAI clients against the test's loopback server. It prints markers the tests look for: {@code MAIN STARTED},
 * {@code BODY <stage>} when a stage body runs, {@code BUDGET ...} when the budget stops it and
 * {@code REFUSED <stage>} for a stage entry refused afterwards.
 *
 * <p>Arguments: the Anthropic base URL and the OpenAI base URL.
 */
public final class SdkPipelineProgram {

    private final AnthropicClient anthropic;
    private final OpenAIClient openai;

    SdkPipelineProgram(AnthropicClient anthropic, OpenAIClient openai) {
        this.anthropic = anthropic;
        this.openai = openai;
    }

    public static void main(String[] args) {
        System.out.println("MAIN STARTED");
        AnthropicClient anthropic = AnthropicOkHttpClient.builder().baseUrl(args[0]).apiKey("e2e").maxRetries(0).build();
        OpenAIClient openai = OpenAIOkHttpClient.builder().baseUrl(args[1]).apiKey("e2e").maxRetries(0).build();
        SdkPipelineProgram p = new SdkPipelineProgram(anthropic, openai);
        int status = 0;
        try {
            p.draft();
            p.review();
            p.summarise();
        } catch (BudgetExceededException e) {
            System.out.println("BUDGET stage=" + e.stage() + " spent=" + e.spentUsd().toPlainString() + " budget="
                    + e.budgetUsd().toPlainString() + " message=" + e.getMessage());
            try {
                p.review();
            } catch (BudgetExceededException again) {
                System.out.println("REFUSED review");
            }
            status = 3;
        } finally {
            anthropic.close();
            openai.close();
        }
        System.out.println("ATTACHED " + CostAgent.isAttached() + " SPENT " + CostAgent.runningCostUsd().toPlainString());
        System.exit(status);
    }

    @PipelineStage("draft")
    void draft() {
        System.out.println("BODY draft");
        Message first = createMessage("Give me three startup ideas.");
        Message second = createMessageAsync("And three more.").join();
        System.out.println("draft " + first.id() + " " + second.id());
    }

    @PipelineStage("review")
    void review() {
        System.out.println("BODY review");
        System.out.println("review " + reviewText("Critique idea one."));
    }

    @PipelineStage("summarise")
    void summarise() {
        System.out.println("BODY summarise");
        Response r = respond("Summarise the critiques.");
        CreateEmbeddingResponse e = embed("idea one");
        CostAgent.recordCost("WebSearch.query", new BigDecimal("0.01"));
        System.out.println("summarise " + r.id() + " " + e.data().size());
    }

    @TrackedCall("Anthropic.create")
    Message createMessage(String prompt) {
        return anthropic.messages().create(MessageCreateParams.builder()
                .model(Model.CLAUDE_SONNET_4_5).maxTokens(512).addUserMessage(prompt).build());
    }

    @TrackedCall("Anthropic.createAsync")
    CompletableFuture<Message> createMessageAsync(String prompt) {
        return anthropic.async().messages().create(MessageCreateParams.builder()
                .model(Model.CLAUDE_SONNET_4_5).maxTokens(512).addUserMessage(prompt).build());
    }

    /** A wrapper around a tracked call: it returns text, and must neither count twice nor count as unmetered. */
    @TrackedCall("Review.text")
    String reviewText(String prompt) {
        return chat(prompt).choices().get(0).message().content().orElse("");
    }

    @TrackedCall("OpenAI.chat")
    ChatCompletion chat(String prompt) {
        return openai.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(ChatModel.GPT_4O).addUserMessage(prompt).build());
    }

    @TrackedCall("OpenAI.responses")
    Response respond(String prompt) {
        return openai.responses().create(ResponseCreateParams.builder().model(ChatModel.GPT_4_1).input(prompt).build());
    }

    @TrackedCall("OpenAI.embeddings")
    CreateEmbeddingResponse embed(String text) {
        return openai.embeddings().create(EmbeddingCreateParams.builder()
                .model(EmbeddingModel.TEXT_EMBEDDING_3_SMALL).input(text).build());
    }
}
