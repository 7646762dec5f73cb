package dev.costagent.agent.sdk.openai;

import dev.costagent.agent.sdk.stainless.StainlessReader;
import dev.costagent.agent.usage.Accessors;
import dev.costagent.agent.usage.ConstantHandles;
import dev.costagent.agent.usage.Providers;
import dev.costagent.agent.usage.ShapeReader;
import dev.costagent.agent.usage.TokenNormaliser;
import dev.costagent.agent.value.ResponseUsage;
import dev.costagent.agent.value.TokenCounts;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.util.List;

/**
 * Reads OpenAI SDK {@code CreateEmbeddingResponse}s: input tokens only, no cache, no output.
 *
 * <p>A template: each response class is read by a hidden copy of this class holding that class's handles as
 * constants ({@link ConstantHandles}); {@link #plan} lists them in the order of the fields below.
 */
// Thread-safety: immutable.
final class OpenAiEmbeddingReader extends StainlessReader {

    private static final List<MethodHandle> HANDLES = ConstantHandles.classData(MethodHandles.lookup());
    private static final MethodHandle USAGE = ConstantHandles.at(HANDLES, 0);
    private static final MethodHandle PROMPT_TOKENS = ConstantHandles.at(HANDLES, 1);
    private static final MethodHandle MODEL = ConstantHandles.at(HANDLES, 2);

    OpenAiEmbeddingReader() {
        super("usage.openai.embedding");
    }

    /** A hidden copy of this template reading {@code type}, a class it reads (see its module). */
    static ShapeReader forClass(Class<?> type) throws ReflectiveOperationException {
        return ConstantHandles.copy(MethodHandles.lookup(), OpenAiEmbeddingReader.class, plan(type));
    }

    /** The handles for {@code response}'s class, in the order of this class's constants. */
    static List<MethodHandle> plan(Class<?> response) throws ReflectiveOperationException {
        Fields fields = Fields.of(response, "_usage");
        return List.of(
                fields.value(response, "_usage"),
                fields.count(Accessors.valueType(response, "_usage"), "_promptTokens"),
                fields.value(response, "_model"));
    }

    @Override
    public ResponseUsage read(Object response) throws Throwable {
        Object u = value(USAGE, response);
        if (u == null || u == GARBLED) {
            return null;
        }
        TokenCounts tokens = TokenNormaliser.openAi(count(PROMPT_TOKENS, u), TokenNormaliser.ABSENT,
                TokenNormaliser.ABSENT, TokenNormaliser.ABSENT);
        if (tokens == null) {
            return null;
        }
        return new ResponseUsage(text(MODEL, response), Providers.OPENAI, tokens);
    }
}
