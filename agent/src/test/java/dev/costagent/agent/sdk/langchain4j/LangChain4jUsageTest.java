package dev.costagent.agent.sdk.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.costagent.agent.sdk.SdkModules;
import dev.costagent.agent.usage.UsageReader;
import dev.costagent.agent.value.ResponseUsage;
import dev.costagent.agent.value.TokenCounts;
import dev.costagent.fixtures.CollectingFaults;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.anthropic.AnthropicTokenUsage;
import dev.langchain4j.model.openai.OpenAiTokenUsage;
import dev.langchain4j.model.output.TokenUsage;
import org.junit.jupiter.api.Test;

/**
 * LangChain4j {@code ChatResponse}s a tracked method may return (SPEC section 4), built with LangChain4j's own
 * builders: each provider's token usage class keeps its provider's cache semantics until normalised.
 */
class LangChain4jUsageTest {

    private final CollectingFaults faults = new CollectingFaults();
    private final UsageReader reader = new UsageReader(SdkModules.ALL, faults);

    private static dev.langchain4j.model.chat.response.ChatResponse langChain4j(TokenUsage usage) {
        return dev.langchain4j.model.chat.response.ChatResponse.builder().aiMessage(AiMessage.from("x"))
                .modelName("gpt-4o-2024-08-06").tokenUsage(usage).build();
    }

    @Test
    void langChain4jOpenAiInputIncludesTheCachedTokens() {
        OpenAiTokenUsage usage = OpenAiTokenUsage.builder().inputTokenCount(2060).outputTokenCount(150)
                .inputTokensDetails(OpenAiTokenUsage.InputTokensDetails.builder().cachedTokens(2048).build())
                .build();

        assertEquals(new ResponseUsage("gpt-4o-2024-08-06", "openai", new TokenCounts(12, 2048, 0, 0, 150)),
                reader.read(langChain4j(usage)));
        assertEquals(new TokenCounts(2060, 0, 0, 0, 150),
                reader.read(langChain4j(OpenAiTokenUsage.builder().inputTokenCount(2060).outputTokenCount(150)
                        .build())).tokens(), "no details: nothing cached");
        faults.assertNone();
    }

    @Test
    void langChain4jAnthropicInputExcludesTheCache() {
        AnthropicTokenUsage usage = AnthropicTokenUsage.builder().inputTokenCount(12).outputTokenCount(6)
                .cacheReadInputTokens(2048).cacheCreationInputTokens(100).build();

        ResponseUsage read = reader.read(langChain4j(usage));
        assertEquals(new TokenCounts(12, 2048, 100, 0, 6), read.tokens());
        assertEquals("anthropic", read.provider());
        faults.assertNone();
    }

    @Test
    void langChain4jPlainTokenUsageIsReadAsItIsAndAResponseWithoutUsageHasNone() {
        assertEquals(new ResponseUsage("gpt-4o-2024-08-06", null, new TokenCounts(10, 0, 0, 0, 5)),
                reader.read(langChain4j(new TokenUsage(10, 5))));
        assertNull(reader.read(langChain4j(null)));
        faults.assertNone();
    }
}
