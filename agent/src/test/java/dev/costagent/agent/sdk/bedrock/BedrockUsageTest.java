package dev.costagent.agent.sdk.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.costagent.agent.sdk.SdkModules;
import dev.costagent.agent.usage.UsageReader;
import dev.costagent.agent.value.ResponseUsage;
import dev.costagent.agent.value.TokenCounts;
import dev.costagent.fixtures.CollectingFaults;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;

/**
 * Bedrock Converse responses and stream metadata events (SPEC section 4), built with the AWS SDK's own builders;
 * the model comes from the request.
 */
class BedrockUsageTest {

    private final CollectingFaults faults = new CollectingFaults();
    private final UsageReader reader = new UsageReader(SdkModules.ALL, faults);

    @Test
    void bedrockInputExcludesTheCacheAndTheModelComesFromTheRequest() throws Throwable {
        software.amazon.awssdk.services.bedrockruntime.model.TokenUsage usage =
                software.amazon.awssdk.services.bedrockruntime.model.TokenUsage.builder().inputTokens(12)
                        .outputTokens(6).totalTokens(2166).cacheReadInputTokens(2048).cacheWriteInputTokens(100)
                        .build();
        ResponseUsage expected = new ResponseUsage(null, "bedrock", new TokenCounts(12, 2048, 100, 0, 6));

        assertEquals(expected, reader.read(ConverseResponse.builder().usage(usage).build()));
        assertEquals(expected, reader.read(ConverseStreamMetadataEvent.builder().usage(usage).build()));
        assertNull(reader.read(ConverseResponse.builder().build()));
        assertEquals("us.anthropic.claude-sonnet-4-5-20250929-v1:0", RequestModelId.INSTANCE.of(new Object[] {
                ConverseRequest.builder().modelId("us.anthropic.claude-sonnet-4-5-20250929-v1:0").build()}));
        assertNull(RequestModelId.INSTANCE.of(new Object[] {"not a request"}));
        assertNull(RequestModelId.INSTANCE.of(new Object[] {null}));
        faults.assertNone();
    }
}
