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
 * Reads OpenAI SDK chat completions ({@code ChatCompletion}, {@code StructuredChatCompletion}) and legacy
 * {@code Completion}s, whose usage is a {@code CompletionUsage}: {@code prompt_tokens} includes the cached and
 * the written tokens of {@code prompt_tokens_details}; {@code completion_tokens} includes reasoning.
 *
 * <p>A template: each completion class is read by a hidden copy of this class holding that class's handles as
 * constants ({@link ConstantHandles}); {@link #plan} lists them in the order of the fields below.
 */
// Thread-safety: immutable.
final class OpenAiCompletionReader extends StainlessReader {

    private static final List<MethodHandle> HANDLES = ConstantHandles.classData(MethodHandles.lookup());
    private static final MethodHandle USAGE = ConstantHandles.at(HANDLES, 0);
    private static final MethodHandle PROMPT_TOKENS = ConstantHandles.at(HANDLES, 1);
    private static final MethodHandle COMPLETION_TOKENS = ConstantHandles.at(HANDLES, 2);
    private static final MethodHandle PROMPT_TOKENS_DETAILS = ConstantHandles.at(HANDLES, 3);
    private static final MethodHandle CACHED_TOKENS = ConstantHandles.at(HANDLES, 4);
    private static final MethodHandle CACHE_WRITE_TOKENS = ConstantHandles.at(HANDLES, 5);
    private static final MethodHandle MODEL = ConstantHandles.at(HANDLES, 6);

    OpenAiCompletionReader() {
        super("usage.openai.completion");
    }

    /** A hidden copy of this template reading {@code type}, a class it reads (see its module). */
    static ShapeReader forClass(Class<?> type) throws ReflectiveOperationException {
        return ConstantHandles.copy(MethodHandles.lookup(), OpenAiCompletionReader.class, plan(type));
    }

    /** The handles for {@code completion}'s class, in the order of this class's constants. */
    static List<MethodHandle> plan(Class<?> completion) throws ReflectiveOperationException {
        Fields fields = Fields.of(completion, "_usage");
        Class<?> usageType = Accessors.valueType(completion, "_usage");
        Class<?> detailsType = Accessors.valueType(usageType, "_promptTokensDetails");
        return List.of(
                fields.value(completion, "_usage"),
                fields.count(usageType, "_promptTokens"),
                fields.count(usageType, "_completionTokens"),
                fields.value(usageType, "_promptTokensDetails"),
                fields.count(detailsType, "_cachedTokens"),
                fields.count(detailsType, "_cacheWriteTokens"),
                fields.value(completion, "_model"));
    }

    @Override
    public ResponseUsage read(Object completion) throws Throwable {
        Object u = value(USAGE, completion);
        if (u == null || u == GARBLED) {
            return null;
        }
        Object details = value(PROMPT_TOKENS_DETAILS, u);
        TokenCounts tokens = TokenNormaliser.openAi(
                count(PROMPT_TOKENS, u),
                count(CACHED_TOKENS, details),
                count(CACHE_WRITE_TOKENS, details),
                count(COMPLETION_TOKENS, u));
        if (tokens == null) {
            return null;
        }
        return new ResponseUsage(text(MODEL, completion), Providers.OPENAI, tokens);
    }

    @Override
    public Object usageObject(Object completion) throws Throwable {
        Object u = value(USAGE, completion);
        return u == GARBLED ? null : u;
    }
}
