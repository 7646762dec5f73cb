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
 * Reads OpenAI SDK Responses API results ({@code Response}, {@code StructuredResponse}): {@code input_tokens}
 * includes {@code input_tokens_details.cached_tokens} and {@code cache_write_tokens}; the typed
 * {@code cacheWriteTokens()} throws when the server leaves that field out, which servers do.
 *
 * <p>The model is a {@code ResponsesModel} union of a plain string, a {@code ChatModel} and a
 * {@code ResponsesOnlyModel}; its {@code toString()} is {@code "ResponsesModel{chat=gpt-4o}"}, not the id, and
 * {@code asString()} throws unless it is the string variant (SDK_REFERENCE, "Model id pitfall"). So the id is
 * taken from whichever variant is set, through the never-throwing Optional accessors and the enums' raw
 * {@code _value()}.
 *
 * <p>A template: each response class is read by a hidden copy of this class holding that class's handles as
 * constants ({@link ConstantHandles}); {@link #plan} lists them in the order of the fields below.
 */
// Thread-safety: immutable.
final class OpenAiResponseReader extends StainlessReader {

    private static final List<MethodHandle> HANDLES = ConstantHandles.classData(MethodHandles.lookup());
    private static final MethodHandle USAGE = ConstantHandles.at(HANDLES, 0);
    private static final MethodHandle INPUT_TOKENS = ConstantHandles.at(HANDLES, 1);
    private static final MethodHandle OUTPUT_TOKENS = ConstantHandles.at(HANDLES, 2);
    private static final MethodHandle INPUT_TOKENS_DETAILS = ConstantHandles.at(HANDLES, 3);
    private static final MethodHandle CACHED_TOKENS = ConstantHandles.at(HANDLES, 4);
    private static final MethodHandle CACHE_WRITE_TOKENS = ConstantHandles.at(HANDLES, 5);
    private static final MethodHandle MODEL = ConstantHandles.at(HANDLES, 6);
    private static final MethodHandle STRING_VARIANT = ConstantHandles.at(HANDLES, 7);
    private static final MethodHandle CHAT_VARIANT = ConstantHandles.at(HANDLES, 8);
    private static final MethodHandle CHAT_ID = ConstantHandles.at(HANDLES, 9);
    private static final MethodHandle ONLY_VARIANT = ConstantHandles.at(HANDLES, 10);
    private static final MethodHandle ONLY_ID = ConstantHandles.at(HANDLES, 11);

    OpenAiResponseReader() {
        super("usage.openai.response");
    }

    /** A hidden copy of this template reading {@code type}, a class it reads (see its module). */
    static ShapeReader forClass(Class<?> type) throws ReflectiveOperationException {
        return ConstantHandles.copy(MethodHandles.lookup(), OpenAiResponseReader.class, plan(type));
    }

    /** The handles for {@code response}'s class, in the order of this class's constants. */
    static List<MethodHandle> plan(Class<?> response) throws ReflectiveOperationException {
        Fields fields = Fields.of(response, "_usage");
        Class<?> usageType = Accessors.valueType(response, "_usage");
        Class<?> detailsType = Accessors.valueType(usageType, "_inputTokensDetails");
        Class<?> modelType = Accessors.valueType(response, "_model");
        return List.of(
                fields.value(response, "_usage"),
                fields.count(usageType, "_inputTokens"),
                fields.count(usageType, "_outputTokens"),
                fields.value(usageType, "_inputTokensDetails"),
                fields.count(detailsType, "_cachedTokens"),
                fields.count(detailsType, "_cacheWriteTokens"),
                fields.value(response, "_model"),
                optionalField(modelType, "string"),
                optionalField(modelType, "chat"),
                fields.value(Accessors.valueType(modelType, "chat"), "_value"),
                optionalField(modelType, "only"),
                fields.value(Accessors.valueType(modelType, "only"), "_value"));
    }

    @Override
    public ResponseUsage read(Object response) throws Throwable {
        Object u = value(USAGE, response);
        if (u == null || u == GARBLED) {
            return null;
        }
        Object details = value(INPUT_TOKENS_DETAILS, u);
        TokenCounts tokens = TokenNormaliser.openAi(
                count(INPUT_TOKENS, u),
                count(CACHED_TOKENS, details),
                count(CACHE_WRITE_TOKENS, details),
                count(OUTPUT_TOKENS, u));
        if (tokens == null) {
            return null;
        }
        return new ResponseUsage(modelId(value(MODEL, response)), Providers.OPENAI, tokens);
    }

    private String modelId(Object responsesModel) throws Throwable {
        if (responsesModel == null || responsesModel == GARBLED) {
            return null;
        }
        Object id = value(STRING_VARIANT, responsesModel);
        if (id == null) {
            Object chat = value(CHAT_VARIANT, responsesModel);
            id = chat != null ? value(CHAT_ID, chat) : value(ONLY_ID, value(ONLY_VARIANT, responsesModel));
        }
        return id instanceof String text ? text : null;
    }

    @Override
    public Object usageObject(Object response) throws Throwable {
        Object u = value(USAGE, response);
        return u == GARBLED ? null : u;
    }
}
