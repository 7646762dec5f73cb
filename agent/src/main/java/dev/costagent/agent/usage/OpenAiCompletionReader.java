package dev.costagent.agent.usage;

import java.lang.invoke.MethodHandle;

/**
 * Reads OpenAI SDK chat completions ({@code ChatCompletion}, {@code StructuredChatCompletion}) and legacy
 * {@code Completion}s, whose usage is a {@code CompletionUsage}: {@code prompt_tokens} includes the cached and
 * the written tokens of {@code prompt_tokens_details}; {@code completion_tokens} includes reasoning.
 */
// Thread-safety: immutable after construction.
final class OpenAiCompletionReader extends StainlessReader {

    private final MethodHandle usage;
    private final MethodHandle promptTokens;
    private final MethodHandle completionTokens;
    private final MethodHandle promptTokensDetails;
    private final MethodHandle cachedTokens;
    private final MethodHandle cacheWriteTokens;
    private final MethodHandle model;

    OpenAiCompletionReader(Class<?> completion) throws ReflectiveOperationException {
        super("usage.openai.completion", Accessors.returnType(completion, "_usage"));
        usage = valueField(completion, "_usage");
        Class<?> usageType = Accessors.valueType(completion, "_usage");
        promptTokens = countField(usageType, "_promptTokens");
        completionTokens = countField(usageType, "_completionTokens");
        promptTokensDetails = valueField(usageType, "_promptTokensDetails");
        Class<?> detailsType = Accessors.valueType(usageType, "_promptTokensDetails");
        cachedTokens = countField(detailsType, "_cachedTokens");
        cacheWriteTokens = countField(detailsType, "_cacheWriteTokens");
        model = valueField(completion, "_model");
    }

    @Override
    ResponseUsage read(Object completion) throws Throwable {
        Object u = value(usage, completion);
        if (u == null || u == GARBLED) {
            return null;
        }
        Object details = value(promptTokensDetails, u);
        TokenCounts tokens = TokenNormaliser.openAi(
                count(promptTokens, u),
                count(cachedTokens, details),
                count(cacheWriteTokens, details),
                count(completionTokens, u));
        if (tokens == null) {
            return null;
        }
        return new ResponseUsage(text(model, completion), OPENAI, tokens);
    }

    @Override
    Object usageObject(Object completion) throws Throwable {
        Object u = value(usage, completion);
        return u == GARBLED ? null : u;
    }
}
