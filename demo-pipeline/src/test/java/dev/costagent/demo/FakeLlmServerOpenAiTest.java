package dev.costagent.demo;

import static dev.costagent.demo.FakeServerFixture.tokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.Embedding;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseOutputText;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.ResponseUsage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeLlmServerOpenAiTest {

    private static final String SYSTEM = "You review pitches for an incubator. Be specific. ".repeat(40);
    private static final String QUESTION = "Critique this startup idea.\n\nIdea: DockDesk — marina booking software";

    private FakeServerFixture fixture;

    @BeforeEach
    void start() throws IOException {
        fixture = new FakeServerFixture();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void chatCompletionReportsTheDocumentedUsageAndTheSnapshotModel() {
        ChatCompletion completion = fixture.openai.chat().completions().create(chat("gpt-4o-mini"));

        CompletionUsage usage = completion.usage().orElseThrow();
        long completionTokens = tokens(IncubatorPipeline.textOf(completion));
        assertEquals(tokens(SYSTEM) + tokens(QUESTION), usage.promptTokens());
        assertEquals(completionTokens, usage.completionTokens());
        assertEquals(usage.promptTokens() + completionTokens, usage.totalTokens());
        assertEquals(0L, cached(usage));
        assertEquals("gpt-4o-mini-2024-07-18", completion.model());
        assertEquals(ChatCompletion.Choice.FinishReason.STOP, completion.choices().get(0).finishReason());
        assertTrue(IncubatorPipeline.textOf(completion).startsWith("Verdict: "));
        completion.validate();
    }

    @Test
    void repeatedSystemPromptIsServedFromTheCacheAndStillCountedInPromptTokens() {
        CompletionUsage first = fixture.openai.chat().completions().create(chat("gpt-4o-mini")).usage().orElseThrow();
        CompletionUsage second = fixture.openai.chat().completions()
                .create(chat("gpt-4o-mini").toBuilder().messages(List.of()).addSystemMessage(SYSTEM)
                        .addUserMessage("Critique this startup idea.\n\nIdea: ShelfSense — shelf gaps").build())
                .usage().orElseThrow();

        assertEquals(0L, cached(first));
        assertEquals(tokens(SYSTEM), cached(second));
        assertEquals(tokens(SYSTEM) + tokens("Critique this startup idea.\n\nIdea: ShelfSense — shelf gaps"),
                second.promptTokens(), "prompt_tokens includes the cached tokens");
    }

    @Test
    void unknownModelIdIsEchoedUnchanged() {
        ChatCompletion completion = fixture.openai.chat().completions().create(chat("my-finetune:ft-123"));

        assertEquals("my-finetune:ft-123", completion.model());
    }

    @Test
    void maxCompletionTokensCapsTheOutput() {
        ChatCompletion completion = fixture.openai.chat().completions()
                .create(chat("gpt-4o").toBuilder().maxCompletionTokens(7).build());

        assertEquals(7L, completion.usage().orElseThrow().completionTokens());
        assertEquals(ChatCompletion.Choice.FinishReason.LENGTH, completion.choices().get(0).finishReason());
        assertEquals("gpt-4o-2024-08-06", completion.model());
    }

    @Test
    void streamWithIncludeUsageEndsWithAUsageChunk() {
        ChatCompletionCreateParams params = chat("gpt-4o-mini").toBuilder()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = fixture.openai.chat().completions()
                .createStreaming(params)) {
            stream.stream().forEach(chunk -> {
                chunks.add(chunk);
                accumulator.accumulate(chunk);
            });
        }
        ChatCompletion streamed = accumulator.chatCompletion();
        ChatCompletionChunk last = chunks.get(chunks.size() - 1);

        assertTrue(last.choices().isEmpty());
        assertTrue(chunks.subList(0, chunks.size() - 1).stream().allMatch(c -> c.usage().isEmpty()));
        CompletionUsage usage = streamed.usage().orElseThrow();
        assertEquals(tokens(SYSTEM) + tokens(QUESTION), usage.promptTokens());
        assertEquals(tokens(IncubatorPipeline.textOf(streamed)), usage.completionTokens());
        assertEquals("gpt-4o-mini-2024-07-18", streamed.model());
        ChatCompletion plain = fixture.openai.chat().completions().create(chat("gpt-4o-mini"));
        assertEquals(IncubatorPipeline.textOf(plain), IncubatorPipeline.textOf(streamed));
    }

    @Test
    void streamWithoutIncludeUsageHasNoUsage() {
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> stream = fixture.openai.chat().completions()
                .createStreaming(chat("gpt-4o-mini"))) {
            stream.stream().forEach(accumulator::accumulate);
        }

        assertTrue(accumulator.chatCompletion().usage().isEmpty());
        assertTrue(fixture.server.requests("/v1/chat/completions").get(0).body().contains("\"stream\":true"));
    }

    @Test
    void responsesReportTheDocumentedUsageAndCacheTheInstructions() {
        ResponseCreateParams params = ResponseCreateParams.builder()
                .model("gpt-4.1").instructions(SYSTEM).input("Give me 2 startup ideas").build();

        Response first = fixture.openai.responses().create(params);
        Response second = fixture.openai.responses().create(params);

        ResponseUsage usage = first.usage().orElseThrow();
        String text = outputText(first);
        assertEquals(tokens(SYSTEM) + tokens("Give me 2 startup ideas"), usage.inputTokens());
        assertEquals(tokens(text), usage.outputTokens());
        assertEquals(usage.inputTokens() + usage.outputTokens(), usage.totalTokens());
        assertEquals(0L, usage.inputTokensDetails().cachedTokens());
        assertEquals(0L, usage.inputTokensDetails().cacheWriteTokens());
        assertEquals(0L, usage.outputTokensDetails().reasoningTokens());
        assertEquals(tokens(SYSTEM), second.usage().orElseThrow().inputTokensDetails().cachedTokens());
        assertEquals(2, ReplyParser.ideas(text).size());
        assertEquals("gpt-4.1-2025-04-14", first.model().asChat().asString());
        first.validate();
    }

    @Test
    void maxOutputTokensMakesTheResponseIncomplete() {
        Response response = fixture.openai.responses().create(ResponseCreateParams.builder()
                .model("gpt-4.1").input("Give me 4 startup ideas").maxOutputTokens(16).build());

        assertEquals(16L, response.usage().orElseThrow().outputTokens());
        assertEquals("incomplete", response.status().orElseThrow().asString());
    }

    @Test
    void responsesStreamCompletesWithTheFullResponse() {
        ResponseCreateParams params = ResponseCreateParams.builder()
                .model("gpt-4.1-mini").instructions(SYSTEM).input("What is a good first customer?").build();
        ResponseAccumulator accumulator = ResponseAccumulator.create();
        try (StreamResponse<ResponseStreamEvent> stream = fixture.openai.responses().createStreaming(params)) {
            stream.stream().forEach(accumulator::accumulate);
        }
        Response streamed = accumulator.response();

        assertEquals("gpt-4.1-mini-2025-04-14", streamed.model().asChat().asString());
        assertEquals(tokens(SYSTEM) + tokens("What is a good first customer?"),
                streamed.usage().orElseThrow().inputTokens());
        assertEquals(tokens(outputText(streamed)), streamed.usage().orElseThrow().outputTokens());
    }

    @Test
    void embeddingsCountEveryInputAndReturnUnitVectors() {
        List<String> inputs = List.of("marina booking software", "allergen-aware menus for chains");
        CreateEmbeddingResponse response = fixture.openai.embeddings().create(EmbeddingCreateParams.builder()
                .model("text-embedding-3-small")
                .input(EmbeddingCreateParams.Input.ofArrayOfStrings(inputs))
                .build());

        assertEquals(tokens(inputs.get(0)) + tokens(inputs.get(1)), response.usage().promptTokens());
        assertEquals(response.usage().promptTokens(), response.usage().totalTokens());
        assertEquals("text-embedding-3-small", response.model());
        assertEquals(2, response.data().size());
        for (Embedding e : response.data()) {
            List<Float> v = e.embedding();
            assertEquals(1536, v.size());
            double norm = v.stream().mapToDouble(f -> f * f).sum();
            assertEquals(1.0, norm, 1e-3);
        }
    }

    @Test
    void embeddingsHonourDimensionsAndBase64Encoding() {
        EmbeddingCreateParams params = EmbeddingCreateParams.builder().model("text-embedding-3-large")
                .input("one idea").dimensions(256).build();
        CreateEmbeddingResponse asFloats = fixture.openai.embeddings().create(params);
        CreateEmbeddingResponse asBase64 = fixture.openai.embeddings().create(params.toBuilder()
                .encodingFormat(EmbeddingCreateParams.EncodingFormat.BASE64).build());

        assertEquals(256, asFloats.data().get(0).embedding().size());
        assertEquals(asFloats.data().get(0).embedding(), asBase64.data().get(0).embedding());
        assertEquals(tokens("one idea"), asBase64.usage().promptTokens());
    }

    private static ChatCompletionCreateParams chat(String model) {
        return ChatCompletionCreateParams.builder()
                .model(model)
                .maxCompletionTokens(400)
                .addSystemMessage(SYSTEM)
                .addUserMessage(QUESTION)
                .build();
    }

    private static long cached(CompletionUsage usage) {
        return usage.promptTokensDetails().flatMap(CompletionUsage.PromptTokensDetails::cachedTokens).orElseThrow();
    }

    private static String outputText(Response response) {
        StringBuilder text = new StringBuilder();
        response.output().forEach(item -> item.message().ifPresent(m -> m.content().forEach(
                c -> c.outputText().map(ResponseOutputText::text).ifPresent(text::append))));
        return text.toString();
    }
}
