package dev.costagent.agent.sdk.genai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.GenerateContentResponseUsageMetadata;
import dev.costagent.agent.sdk.SdkModules;
import dev.costagent.agent.usage.UsageReader;
import dev.costagent.agent.value.ResponseUsage;
import dev.costagent.agent.value.TokenCounts;
import dev.costagent.fixtures.CollectingFaults;
import dev.costagent.fixtures.ResponseBodies;
import org.junit.jupiter.api.Test;

/**
 * Google GenAI {@code GenerateContentResponse}s (SPEC section 4), parsed from a real body and built with the
 * SDK's own builders.
 */
class GenAiUsageTest {

    private final CollectingFaults faults = new CollectingFaults();
    private final UsageReader reader = new UsageReader(SdkModules.ALL, faults);

    @Test
    void geminiPromptIncludesTheCacheAndThoughtsAreOutputBesideTheCandidates() {
        GenerateContentResponse parsed = GenerateContentResponse.fromJson(ResponseBodies.text("gemini-generate-content.json"));

        // 2060 prompt of which 2048 cached; 150 candidates + 64 thoughts.
        assertEquals(new ResponseUsage("gemini-2.5-flash", "google", new TokenCounts(12, 2048, 0, 0, 214)),
                reader.read(parsed));
        GenerateContentResponse built = GenerateContentResponse.builder()
                .usageMetadata(GenerateContentResponseUsageMetadata.builder().promptTokenCount(100)
                        .toolUsePromptTokenCount(40).candidatesTokenCount(7).build()).build();
        assertEquals(new ResponseUsage(null, "google", new TokenCounts(140, 0, 0, 0, 7)), reader.read(built),
                "tool-use prompts are input; no modelVersion: the request names the model");
        assertNull(reader.read(GenerateContentResponse.builder().build()));
        faults.assertNone();
    }
}
