package dev.costagent.agent.sdk.springai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.openai.models.completions.CompletionUsage;
import dev.costagent.agent.sdk.SdkModules;
import dev.costagent.agent.usage.UsageReader;
import dev.costagent.agent.value.ResponseUsage;
import dev.costagent.agent.value.TokenCounts;
import dev.costagent.fixtures.CollectingFaults;
import dev.costagent.fixtures.ResponseBodies;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.metadata.EmptyUsage;
import org.springframework.ai.chat.model.Generation;

/**
 * Spring AI {@code ChatResponse}s a tracked method may return (SPEC section 4), built with Spring AI's own
 * builders: the figures follow the provider of their native usage object.
 */
class SpringAiUsageTest {

    private final CollectingFaults faults = new CollectingFaults();
    private final UsageReader reader = new UsageReader(SdkModules.ALL, faults);

    private static org.springframework.ai.chat.model.ChatResponse spring(String model,
            org.springframework.ai.chat.metadata.Usage usage) {
        return org.springframework.ai.chat.model.ChatResponse.builder()
                .generations(List.of(new Generation(new AssistantMessage("x"))))
                .metadata(ChatResponseMetadata.builder().model(model).usage(usage).build()).build();
    }

    @Test
    void springAiFiguresFollowTheProviderOfTheirNativeUsage() {
        CompletionUsage openAi = CompletionUsage.builder().promptTokens(2060).completionTokens(150)
                .totalTokens(2210).build();
        org.springframework.ai.chat.model.ChatResponse fromOpenAi = spring("gpt-4o-2024-08-06",
                new DefaultUsage(2060, 150, 2210, openAi, 2048L, null));
        assertEquals(new ResponseUsage("gpt-4o-2024-08-06", "openai", new TokenCounts(12, 2048, 0, 0, 150)),
                reader.read(fromOpenAi));
        assertSame(openAi, reader.nativeUsage(fromOpenAi));

        com.anthropic.models.messages.Usage anthropic = ResponseBodies.anthropic("{\"input_tokens\":12,\"output_tokens\":6,"
                + "\"cache_read_input_tokens\":2048,\"cache_creation_input_tokens\":100}",
                com.anthropic.models.messages.Usage.class);
        assertEquals(new ResponseUsage("claude-sonnet-4-5-20250929", "anthropic", new TokenCounts(12, 2048, 100, 0, 6)),
                reader.read(spring("claude-sonnet-4-5-20250929", new DefaultUsage(12, 6, 18, anthropic, 2048L, 100L))));
        faults.assertNone();
    }

    @Test
    void springAiUsageWithoutNativeObjectIsReadAsPromptIncludingTheCacheAndEmptyUsageIsNone() {
        assertEquals(new ResponseUsage("m", null, new TokenCounts(70, 30, 0, 0, 20)),
                reader.read(spring("m", new DefaultUsage(100, 20, 120, null, 30L, null))));
        assertNull(reader.read(spring("m", new EmptyUsage())), "interim stream elements carry no usage");
        faults.assertNone();
    }
}
