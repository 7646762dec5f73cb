package dev.costagent.agent.sdk.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.StructuredChatCompletion;
import com.openai.models.completions.Completion;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.responses.Response;
import com.openai.models.responses.StructuredResponse;
import dev.costagent.agent.sdk.SdkModules;
import dev.costagent.agent.usage.UsageReader;
import dev.costagent.agent.value.ResponseUsage;
import dev.costagent.agent.value.TokenCounts;
import dev.costagent.fixtures.CollectingFaults;
import dev.costagent.fixtures.ResponseBodies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpenAiUsageTest {

    private final CollectingFaults faults = new CollectingFaults();
    private final UsageReader reader = new UsageReader(SdkModules.ALL, faults);

    @AfterEach
    void noFaults() {
        faults.assertNone();
    }

    private ResponseUsage chat(String json) {
        return reader.read(ResponseBodies.openAi(json, ChatCompletion.class));
    }

    private ResponseUsage response(String json) {
        return reader.read(ResponseBodies.openAi(json, Response.class));
    }

    private static ObjectNode promptDetails(ObjectNode root) {
        return (ObjectNode) ResponseBodies.usageOf(root).get("prompt_tokens_details");
    }

    private static ObjectNode inputDetails(ObjectNode root) {
        return (ObjectNode) ResponseBodies.usageOf(root).get("input_tokens_details");
    }

    @Test
    void chatCompletionPromptTokensIncludeTheCachedTokens() {
        ResponseUsage usage = chat(ResponseBodies.text("openai-chat-completion.json"));

        assertEquals(new ResponseUsage("gpt-4o-2024-08-06", "openai", new TokenCounts(12, 2048, 0, 0, 150)), usage);
    }

    @Test
    void chatCompletionReasoningTokensArePartOfOutput() {
        assertEquals(150, chat(ResponseBodies.text("openai-chat-completion.json")).tokens().output());
    }

    @Test
    void chatCompletionCacheWritesAreTakenOutOfThePrompt() {
        String json = ResponseBodies.edited("openai-chat-completion.json",
                root -> promptDetails(root).put("cache_write_tokens", 10));

        assertEquals(new TokenCounts(2, 2048, 10, 0, 150), chat(json).tokens());
    }

    @Test
    void chatCompletionWithoutPromptDetailsIsAllUncachedInput() {
        String json = ResponseBodies.edited("openai-chat-completion.json",
                root -> ResponseBodies.usageOf(root).remove("prompt_tokens_details"));

        assertEquals(new TokenCounts(2060, 0, 0, 0, 150), chat(json).tokens());
    }

    @Test
    void cachedTokensBeyondThePromptLeaveNoUncachedInputRatherThanANegativeCount() {
        String json = ResponseBodies.edited("openai-chat-completion.json",
                root -> promptDetails(root).put("cached_tokens", 5000));

        assertEquals(new TokenCounts(0, 5000, 0, 0, 150), chat(json).tokens());
    }

    @Test
    void structuredChatCompletionIsReadThroughItsOwnRawAccessors() {
        ChatCompletion completion = ResponseBodies.openAi(ResponseBodies.text("openai-chat-completion.json"), ChatCompletion.class);

        assertEquals(reader.read(completion), reader.read(new StructuredChatCompletion<>(String.class, completion)));
    }

    @Test
    void chatCompletionWithoutUsageHasNoUsage() {
        assertNull(chat(ResponseBodies.edited("openai-chat-completion.json", root -> root.remove("usage"))));
        assertNull(chat(ResponseBodies.edited("openai-chat-completion.json", root -> root.putNull("usage"))));
    }

    @Test
    void garbageChatFiguresMakeTheUsageUnreadable() {
        assertNull(chat(ResponseBodies.edited("openai-chat-completion.json",
                root -> ResponseBodies.usageOf(root).put("prompt_tokens", -2060))));
        assertNull(chat(ResponseBodies.edited("openai-chat-completion.json",
                root -> ResponseBodies.usageOf(root).put("completion_tokens", "many"))));
        assertNull(chat(ResponseBodies.edited("openai-chat-completion.json",
                root -> promptDetails(root).put("cached_tokens", 0.5))));
        assertNull(chat(ResponseBodies.edited("openai-chat-completion.json",
                root -> ResponseBodies.usageOf(root).put("prompt_tokens_details", 7))));
    }

    @Test
    void legacyCompletionIsReadLikeAChatCompletion() {
        Completion completion = ResponseBodies.openAi(ResponseBodies.text("openai-completion.json"), Completion.class);

        assertEquals(new ResponseUsage("gpt-3.5-turbo-instruct", "openai", new TokenCounts(5, 0, 0, 0, 2)),
                reader.read(completion));
    }

    @Test
    void responseInputTokensIncludeTheCachedAndTheWrittenTokens() {
        ResponseUsage usage = response(ResponseBodies.text("openai-response.json"));

        assertEquals(new ResponseUsage("gpt-4.1-2025-04-14", "openai", new TokenCounts(524, 1024, 512, 0, 150)),
                usage);
    }

    @Test
    void responseWithoutCacheWriteTokensIsRead() {
        String json = ResponseBodies.edited("openai-response.json", root -> inputDetails(root).remove("cache_write_tokens"));
        Response parsed = ResponseBodies.openAi(json, Response.class);

        assertEquals(new TokenCounts(1036, 1024, 0, 0, 150), reader.read(parsed).tokens());
        assertTrue(parsed.usage().orElseThrow().inputTokensDetails()._cacheWriteTokens().isMissing(),
                "the fixture must exercise the field the typed accessor throws on");
    }

    @Test
    void responseWithoutUsageHasNoUsage() {
        assertNull(response(ResponseBodies.edited("openai-response.json", root -> root.remove("usage"))));
    }

    @Test
    void garbageResponseFiguresMakeTheUsageUnreadable() {
        assertNull(response(ResponseBodies.edited("openai-response.json",
                root -> ResponseBodies.usageOf(root).put("output_tokens", -1))));
        assertNull(response(ResponseBodies.edited("openai-response.json",
                root -> inputDetails(root).put("cached_tokens", "lots"))));
        assertNull(response(ResponseBodies.edited("openai-response.json",
                root -> ResponseBodies.usageOf(root).putArray("input_tokens_details").add(1))));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "gpt-4o",                    // the chat variant of ResponsesModel
        "o1-pro",                    // the responses-only variant
        "my-org:ft-gpt-4o:custom-9", // the plain string variant
    })
    void responseModelIsTheRawIdWhicheverUnionVariantHoldsIt(String model) {
        String json = ResponseBodies.edited("openai-response.json", root -> root.put("model", model));
        Response parsed = ResponseBodies.openAi(json, Response.class);

        assertEquals(model, reader.read(parsed).model());
    }

    @Test
    void responseModelFixturesCoverEveryUnionVariant() {
        assertTrue(responsesModel("gpt-4o").isChat());
        assertTrue(responsesModel("o1-pro").isOnly());
        assertTrue(responsesModel("my-org:ft-gpt-4o:custom-9").isString());
    }

    private static com.openai.models.ResponsesModel responsesModel(String model) {
        String json = ResponseBodies.edited("openai-response.json", root -> root.put("model", model));
        return ResponseBodies.openAi(json, Response.class).model();
    }

    @Test
    void structuredResponseIsReadThroughItsOwnRawAccessors() {
        Response parsed = ResponseBodies.openAi(ResponseBodies.text("openai-response.json"), Response.class);

        assertEquals(reader.read(parsed), reader.read(new StructuredResponse<>(String.class, parsed)));
    }

    @Test
    void embeddingUsageIsAllInput() {
        CreateEmbeddingResponse embedding =
                ResponseBodies.openAi(ResponseBodies.text("openai-embedding.json"), CreateEmbeddingResponse.class);

        assertEquals(new ResponseUsage("text-embedding-3-small", "openai", new TokenCounts(8, 0, 0, 0, 0)),
                reader.read(embedding));
    }

    @Test
    void embeddingWithoutUsageHasNoUsage() {
        CreateEmbeddingResponse embedding = ResponseBodies.openAi(
                ResponseBodies.edited("openai-embedding.json", root -> root.remove("usage")), CreateEmbeddingResponse.class);

        assertNull(reader.read(embedding));
    }
}
