package dev.costagent.agent.sdk.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.anthropic.models.beta.messages.BetaMessage;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.StructuredMessage;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.costagent.agent.sdk.SdkModules;
import dev.costagent.agent.usage.UsageReader;
import dev.costagent.agent.value.ResponseUsage;
import dev.costagent.agent.value.TokenCounts;
import dev.costagent.fixtures.CollectingFaults;
import dev.costagent.fixtures.ResponseBodies;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AnthropicUsageTest {

    private final CollectingFaults faults = new CollectingFaults();
    private final UsageReader reader = new UsageReader(SdkModules.ALL, faults);

    @AfterEach
    void noFaults() {
        faults.assertNone();
    }

    private ResponseUsage read(String json) {
        return reader.read(ResponseBodies.anthropic(json, Message.class));
    }

    @Test
    void messageUsageIsSplitIntoNonOverlappingClasses() {
        ResponseUsage usage = read(ResponseBodies.text("anthropic-message.json"));

        assertEquals(new ResponseUsage("claude-sonnet-4-5-20250929", "anthropic",
                new TokenCounts(12, 2048, 100, 200, 6)), usage);
    }

    @Test
    void anthropicCacheReadIsNotPartOfInputTokens() {
        TokenCounts tokens = read(ResponseBodies.text("anthropic-message.json")).tokens();

        assertEquals(12, tokens.input());
        assertEquals(2048, tokens.cacheRead());
        assertEquals(12 + 2048 + 300, tokens.totalInput());
    }

    @Test
    void cacheCreationWithoutTheSplitIsAllFiveMinuteWrites() {
        TokenCounts tokens = read(ResponseBodies.text("anthropic-message-without-cache-creation.json")).tokens();

        assertEquals(new TokenCounts(40, 0, 500, 0, 9), tokens);
    }

    @Test
    void creationTokensTheSplitDoesNotAccountForAreFiveMinuteWrites() {
        String json = ResponseBodies.edited("anthropic-message.json",
                root -> ResponseBodies.usageOf(root).put("cache_creation_input_tokens", 450));

        TokenCounts tokens = read(json).tokens();

        assertEquals(200, tokens.cacheWrite1h());
        assertEquals(250, tokens.cacheWrite());
    }

    @Test
    void aSplitLargerThanTheCreationTotalIsTrusted() {
        String json = ResponseBodies.edited("anthropic-message.json",
                root -> ResponseBodies.usageOf(root).put("cache_creation_input_tokens", 120));

        TokenCounts tokens = read(json).tokens();

        assertEquals(100, tokens.cacheWrite());
        assertEquals(200, tokens.cacheWrite1h());
    }

    @Test
    void aSplitWithoutTheCreationTotalIsUsedAsIs() {
        String json = ResponseBodies.edited("anthropic-message.json",
                root -> ResponseBodies.usageOf(root).remove("cache_creation_input_tokens"));

        TokenCounts tokens = read(json).tokens();

        assertEquals(100, tokens.cacheWrite());
        assertEquals(200, tokens.cacheWrite1h());
    }

    @Test
    void nullCacheFieldsCountAsZero() {
        String json = ResponseBodies.edited("anthropic-message.json", root -> ResponseBodies.usageOf(root)
                .putNull("cache_creation_input_tokens").putNull("cache_read_input_tokens").putNull("cache_creation"));

        assertEquals(new TokenCounts(12, 0, 0, 0, 6), read(json).tokens());
    }

    @Test
    void betaMessageIsReadLikeAMessage() {
        BetaMessage message = ResponseBodies.anthropic(ResponseBodies.text("anthropic-beta-message.json"), BetaMessage.class);

        assertEquals(new ResponseUsage("claude-opus-4-1-20250805", "anthropic", new TokenCounts(25, 1024, 0, 64, 77)),
                reader.read(message));
    }

    @Test
    void structuredMessageIsReadThroughItsOwnRawAccessors() {
        Message message = ResponseBodies.anthropic(ResponseBodies.text("anthropic-message.json"), Message.class);

        ResponseUsage usage = reader.read(new StructuredMessage<>(String.class, message));

        assertEquals(reader.read(message), usage);
    }

    @Test
    void modelUnknownToTheSdkIsReportedAsSent() {
        String json = ResponseBodies.edited("anthropic-message.json", root -> root.put("model", "claude-from-the-future-9"));

        assertEquals("claude-from-the-future-9", read(json).model());
    }

    @Test
    void modelThatIsNotAStringLeavesTheModelUnknownButTheUsageReadable() {
        String json = ResponseBodies.edited("anthropic-message.json", root -> root.put("model", 42));

        ResponseUsage usage = read(json);

        assertNull(usage.model());
        assertEquals(12, usage.tokens().input());
    }

    @Test
    void missingModelLeavesTheModelUnknown() {
        String json = ResponseBodies.edited("anthropic-message.json", root -> root.remove("model"));

        assertNull(read(json).model());
    }

    @Test
    void messageWithoutUsageHasNoUsage() {
        assertNull(read(ResponseBodies.edited("anthropic-message.json", root -> root.remove("usage"))));
        assertNull(read(ResponseBodies.edited("anthropic-message.json", root -> root.putNull("usage"))));
        assertNull(read(ResponseBodies.edited("anthropic-message.json", root -> root.put("usage", "lots"))));
    }

    @Test
    void usageWithoutAnyTokenFieldIsUnreadable() {
        String json = ResponseBodies.edited("anthropic-message.json", root -> root.putObject("usage")
                .put("service_tier", "standard"));

        assertNull(read(json));
    }

    @Test
    void garbageTokenFiguresMakeTheUsageUnreadable() {
        assertNull(read(usageField("input_tokens", -12)));
        assertNull(read(usageField("output_tokens", 6.5)));
        assertNull(read(usageField("cache_read_input_tokens", "2048 tokens")));
        assertNull(read(usageField("cache_creation_input_tokens", true)));
        assertNull(read(ResponseBodies.edited("anthropic-message.json", root -> ResponseBodies.usageOf(root)
                .putObject("input_tokens").putObject("deeper").putArray("still").add(1))));
        assertNull(read(ResponseBodies.edited("anthropic-message.json", root -> ResponseBodies.usageOf(root)
                .put("cache_creation", "5m"))));
        assertNull(read(ResponseBodies.edited("anthropic-message.json", root -> ((ObjectNode) ResponseBodies.usageOf(root)
                .get("cache_creation")).put("ephemeral_1h_input_tokens", -1))));
    }

    private static String usageField(String name, Object value) {
        return ResponseBodies.edited("anthropic-message.json",
                root -> ResponseBodies.usageOf(root).putPOJO(name, value));
    }
}
