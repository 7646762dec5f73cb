package dev.costagent.agent.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.GenerateContentResponseUsageMetadata;
import com.openai.models.completions.CompletionUsage;
import dev.costagent.agent.value.ResponseUsage;
import dev.costagent.agent.value.TokenCounts;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.anthropic.AnthropicTokenUsage;
import dev.langchain4j.model.openai.OpenAiTokenUsage;
import dev.langchain4j.model.output.TokenUsage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.metadata.EmptyUsage;
import org.springframework.ai.chat.model.Generation;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;

/**
 * The framework shapes a tracked method may return (SPEC section 4), built with the frameworks' own builders and
 * parsers: LangChain4j and Spring AI {@code ChatResponse}, Google GenAI {@code GenerateContentResponse}, Bedrock
 * {@code ConverseResponse}. Each provider's figures keep their own cache semantics until normalised.
 */
class FrameworkUsageTest {

    private final CollectingFaults faults = new CollectingFaults();
    private final UsageReader reader = new UsageReader(faults);

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

        com.anthropic.models.messages.Usage anthropic = Fixtures.anthropic("{\"input_tokens\":12,\"output_tokens\":6,"
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

    @Test
    void geminiPromptIncludesTheCacheAndThoughtsAreOutputBesideTheCandidates() {
        GenerateContentResponse parsed = GenerateContentResponse.fromJson(Fixtures.text("gemini-generate-content.json"));

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

    @Test
    void bedrockInputExcludesTheCacheAndTheModelComesFromTheRequest() {
        software.amazon.awssdk.services.bedrockruntime.model.TokenUsage usage =
                software.amazon.awssdk.services.bedrockruntime.model.TokenUsage.builder().inputTokens(12)
                        .outputTokens(6).totalTokens(2166).cacheReadInputTokens(2048).cacheWriteInputTokens(100)
                        .build();
        ResponseUsage expected = new ResponseUsage(null, "bedrock", new TokenCounts(12, 2048, 100, 0, 6));

        assertEquals(expected, reader.read(ConverseResponse.builder().usage(usage).build()));
        assertEquals(expected, reader.read(ConverseStreamMetadataEvent.builder().usage(usage).build()));
        assertNull(reader.read(ConverseResponse.builder().build()));
        assertEquals("us.anthropic.claude-sonnet-4-5-20250929-v1:0", reader.requestModel(
                ConverseRequest.builder().modelId("us.anthropic.claude-sonnet-4-5-20250929-v1:0").build()));
        assertNull(reader.requestModel("not a request"));
        faults.assertNone();
    }
}
