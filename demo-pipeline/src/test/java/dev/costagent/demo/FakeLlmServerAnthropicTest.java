package dev.costagent.demo;

import static dev.costagent.demo.FakeServerFixture.tokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.CacheControlEphemeral;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.TextBlockParam;
import com.anthropic.models.messages.Usage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeLlmServerAnthropicTest {

    private static final String SYSTEM = "You are a concise assistant for a bakery. Answer in two sentences.";
    private static final String QUESTION = "What should we bake for a rainy Tuesday?";
    private static final String LONG_BRIEF = "House rules for every answer. ".repeat(200);

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
    void messageReportsTheDocumentedUsageAndTheSnapshotModel() {
        Message message = fixture.anthropic.messages().create(MessageCreateParams.builder()
                .model("claude-sonnet-4-5").maxTokens(1000).system(SYSTEM).addUserMessage(QUESTION).build());

        Usage usage = message.usage();
        assertEquals(tokens(SYSTEM) + tokens(QUESTION), usage.inputTokens());
        assertEquals(tokens(IncubatorPipeline.textOf(message)), usage.outputTokens());
        assertEquals(0L, usage.cacheCreationInputTokens().orElseThrow());
        assertEquals(0L, usage.cacheReadInputTokens().orElseThrow());
        assertEquals("claude-sonnet-4-5-20250929", message.model().asString());
        assertEquals(StopReason.END_TURN, message.stopReason().orElseThrow());
        assertTrue(message.id().startsWith("msg_01"), message.id());
        message.validate();
    }

    @Test
    void theSamePromptGetsTheSameReplyAndADifferentPromptADifferentOne() {
        String first = ask("Give me 3 startup ideas");
        String again = ask("Give me 3 startup ideas");
        String other = ask("Give me 3 startup ideas for farmers");

        assertEquals(first, again);
        assertNotEquals(first, other);
        assertEquals(3, ReplyParser.ideas(first).size());
    }

    @Test
    void cachedSystemBlockIsWrittenOnceThenRead() {
        MessageCreateParams params = cachedRequest(CacheControlEphemeral.builder().build());
        long brief = tokens(LONG_BRIEF);

        Usage first = fixture.anthropic.messages().create(params).usage();
        Usage second = fixture.anthropic.messages().create(params).usage();

        assertEquals(brief, first.cacheCreationInputTokens().orElseThrow());
        assertEquals(brief, first.cacheCreation().orElseThrow().ephemeral5mInputTokens());
        assertEquals(0L, first.cacheCreation().orElseThrow().ephemeral1hInputTokens());
        assertEquals(0L, first.cacheReadInputTokens().orElseThrow());
        assertEquals(tokens(QUESTION), first.inputTokens(), "input_tokens excludes the cached prefix");

        assertEquals(0L, second.cacheCreationInputTokens().orElseThrow());
        assertEquals(brief, second.cacheReadInputTokens().orElseThrow());
        assertEquals(tokens(QUESTION), second.inputTokens());
    }

    @Test
    void oneHourTtlIsReportedAsAOneHourCacheWrite() {
        MessageCreateParams params = cachedRequest(
                CacheControlEphemeral.builder().ttl(CacheControlEphemeral.Ttl.TTL_1H).build());

        Usage usage = fixture.anthropic.messages().create(params).usage();

        assertEquals(tokens(LONG_BRIEF), usage.cacheCreationInputTokens().orElseThrow());
        assertEquals(tokens(LONG_BRIEF), usage.cacheCreation().orElseThrow().ephemeral1hInputTokens());
        assertEquals(0L, usage.cacheCreation().orElseThrow().ephemeral5mInputTokens());
    }

    @Test
    void cacheIsPerModelAndCanBeCleared() {
        MessageCreateParams params = cachedRequest(CacheControlEphemeral.builder().build());
        fixture.anthropic.messages().create(params);

        Usage otherModel = fixture.anthropic.messages().create(params.toBuilder().model("claude-opus-4-5").build())
                .usage();
        fixture.server.clearPromptCache();
        Usage afterClear = fixture.anthropic.messages().create(params).usage();

        assertEquals(tokens(LONG_BRIEF), otherModel.cacheCreationInputTokens().orElseThrow());
        assertEquals(tokens(LONG_BRIEF), afterClear.cacheCreationInputTokens().orElseThrow());
    }

    @Test
    void maxTokensCapsTheOutput() {
        Message message = fixture.anthropic.messages().create(MessageCreateParams.builder()
                .model("claude-sonnet-4-5").maxTokens(12).addUserMessage("List 5 startup ideas").build());

        assertEquals(12, message.usage().outputTokens());
        assertEquals(StopReason.MAX_TOKENS, message.stopReason().orElseThrow());
        assertTrue(tokens(IncubatorPipeline.textOf(message)) <= 12);
    }

    @Test
    void streamFollowsTheEventSequenceAndAccumulatesToTheSameUsage() {
        MessageCreateParams params = cachedRequest(CacheControlEphemeral.builder().build());
        MessageAccumulator accumulator = MessageAccumulator.create();
        List<String> kinds = new ArrayList<>();
        try (StreamResponse<RawMessageStreamEvent> stream = fixture.anthropic.messages().createStreaming(params)) {
            stream.stream().forEach(event -> {
                accumulator.accumulate(event);
                kinds.add(kind(event));
            });
        }
        Message streamed = accumulator.message();
        Message plain = fixture.anthropic.messages().create(params);

        assertEquals("message_start", kinds.get(0));
        assertEquals("content_block_start", kinds.get(1));
        assertEquals(List.of("content_block_stop", "message_delta", "message_stop"),
                kinds.subList(kinds.size() - 3, kinds.size()));
        assertTrue(kinds.stream().filter("content_block_delta"::equals).count() > 1, kinds.toString());
        assertEquals(IncubatorPipeline.textOf(plain), IncubatorPipeline.textOf(streamed));
        assertEquals("claude-sonnet-4-5-20250929", streamed.model().asString());
        Usage usage = streamed.usage();
        assertEquals(tokens(QUESTION), usage.inputTokens());
        assertEquals(tokens(LONG_BRIEF), usage.cacheCreationInputTokens().orElseThrow());
        assertEquals(0L, usage.cacheReadInputTokens().orElseThrow());
        assertEquals(tokens(IncubatorPipeline.textOf(streamed)), usage.outputTokens());
        assertEquals(tokens(LONG_BRIEF), plain.usage().cacheReadInputTokens().orElseThrow(),
                "the streamed request wrote the cache");
    }

    @Test
    void textBlocksOfEveryMessageAreCounted() {
        Message message = fixture.anthropic.messages().create(MessageCreateParams.builder()
                .model("claude-sonnet-4-5").maxTokens(300)
                .addUserMessage("First question, about ovens.")
                .addAssistantMessage("Ovens should be preheated.")
                .addUserMessage(QUESTION)
                .build());

        assertEquals(tokens("First question, about ovens.") + tokens("Ovens should be preheated.")
                + tokens(QUESTION), message.usage().inputTokens());
    }

    private String ask(String question) {
        return IncubatorPipeline.textOf(fixture.anthropic.messages().create(MessageCreateParams.builder()
                .model("claude-haiku-4-5").maxTokens(500).addUserMessage(question).build()));
    }

    private static MessageCreateParams cachedRequest(CacheControlEphemeral cacheControl) {
        return MessageCreateParams.builder()
                .model("claude-sonnet-4-5")
                .maxTokens(800)
                .systemOfTextBlockParams(List.of(TextBlockParam.builder().text(LONG_BRIEF).cacheControl(cacheControl)
                        .build()))
                .addUserMessage(QUESTION)
                .build();
    }

    private static String kind(RawMessageStreamEvent event) {
        if (event.isMessageStart()) {
            return "message_start";
        } else if (event.isContentBlockStart()) {
            return "content_block_start";
        } else if (event.isContentBlockDelta()) {
            return "content_block_delta";
        } else if (event.isContentBlockStop()) {
            return "content_block_stop";
        } else if (event.isMessageDelta()) {
            return "message_delta";
        } else if (event.isMessageStop()) {
            return "message_stop";
        }
        return "other";
    }
}
