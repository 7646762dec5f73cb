package dev.costagent.agent.usage;

import java.lang.invoke.MethodHandle;

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
 */
// Thread-safety: immutable after construction.
final class OpenAiResponseReader extends StainlessReader {

    private final MethodHandle usage;
    private final MethodHandle inputTokens;
    private final MethodHandle outputTokens;
    private final MethodHandle inputTokensDetails;
    private final MethodHandle cachedTokens;
    private final MethodHandle cacheWriteTokens;
    private final MethodHandle model;
    private final MethodHandle stringVariant;
    private final MethodHandle chatVariant;
    private final MethodHandle chatId;
    private final MethodHandle onlyVariant;
    private final MethodHandle onlyId;

    OpenAiResponseReader(Class<?> response) throws ReflectiveOperationException {
        super("usage.openai.response", Accessors.returnType(response, "_usage"));
        usage = valueField(response, "_usage");
        Class<?> usageType = Accessors.valueType(response, "_usage");
        inputTokens = countField(usageType, "_inputTokens");
        outputTokens = countField(usageType, "_outputTokens");
        inputTokensDetails = valueField(usageType, "_inputTokensDetails");
        Class<?> detailsType = Accessors.valueType(usageType, "_inputTokensDetails");
        cachedTokens = countField(detailsType, "_cachedTokens");
        cacheWriteTokens = countField(detailsType, "_cacheWriteTokens");
        model = valueField(response, "_model");
        Class<?> modelType = Accessors.valueType(response, "_model");
        stringVariant = optionalField(modelType, "string");
        chatVariant = optionalField(modelType, "chat");
        chatId = valueField(Accessors.valueType(modelType, "chat"), "_value");
        onlyVariant = optionalField(modelType, "only");
        onlyId = valueField(Accessors.valueType(modelType, "only"), "_value");
    }

    @Override
    ResponseUsage read(Object response) throws Throwable {
        Object u = value(usage, response);
        if (u == null || u == GARBLED) {
            return null;
        }
        Object details = value(inputTokensDetails, u);
        TokenCounts tokens = TokenNormaliser.openAi(
                count(inputTokens, u),
                count(cachedTokens, details),
                count(cacheWriteTokens, details),
                count(outputTokens, u));
        if (tokens == null) {
            return null;
        }
        return new ResponseUsage(modelId(value(model, response)), OPENAI, tokens);
    }

    private String modelId(Object responsesModel) throws Throwable {
        if (responsesModel == null || responsesModel == GARBLED) {
            return null;
        }
        Object id = value(stringVariant, responsesModel);
        if (id == null) {
            Object chat = value(chatVariant, responsesModel);
            id = chat != null ? value(chatId, chat) : value(onlyId, value(onlyVariant, responsesModel));
        }
        return id instanceof String text ? text : null;
    }

    @Override
    Object usageObject(Object response) throws Throwable {
        Object u = value(usage, response);
        return u == GARBLED ? null : u;
    }
}
