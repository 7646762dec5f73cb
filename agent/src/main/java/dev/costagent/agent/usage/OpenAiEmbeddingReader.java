package dev.costagent.agent.usage;

import java.lang.invoke.MethodHandle;

/** Reads OpenAI SDK {@code CreateEmbeddingResponse}s: input tokens only, no cache, no output. */
// Thread-safety: immutable after construction.
final class OpenAiEmbeddingReader extends StainlessReader {

    private final MethodHandle usage;
    private final MethodHandle promptTokens;
    private final MethodHandle model;

    OpenAiEmbeddingReader(Class<?> response) throws ReflectiveOperationException {
        super("usage.openai.embedding", Accessors.returnType(response, "_usage"));
        usage = valueField(response, "_usage");
        promptTokens = countField(Accessors.valueType(response, "_usage"), "_promptTokens");
        model = valueField(response, "_model");
    }

    @Override
    ResponseUsage read(Object response) throws Throwable {
        Object u = value(usage, response);
        if (u == null || u == GARBLED) {
            return null;
        }
        TokenCounts tokens = TokenNormaliser.openAi(count(promptTokens, u), TokenNormaliser.ABSENT,
                TokenNormaliser.ABSENT, TokenNormaliser.ABSENT);
        if (tokens == null) {
            return null;
        }
        return new ResponseUsage(text(model, response), OPENAI, tokens);
    }
}
