package dev.costagent.agent.usage;

import java.lang.invoke.MethodHandle;

/**
 * Reads Anthropic SDK messages: {@code Message}, {@code BetaMessage} and their {@code StructuredMessage} wrappers,
 * which all expose {@code _usage()} and {@code _model()}. Their usage types ({@code Usage}, {@code BetaUsage})
 * share the field names, so one plan shape serves all of them, resolved on each class's own types.
 */
// Thread-safety: immutable after construction.
final class AnthropicMessageReader extends StainlessReader {

    private final MethodHandle usage;
    private final MethodHandle inputTokens;
    private final MethodHandle outputTokens;
    private final MethodHandle cacheReadInputTokens;
    private final MethodHandle cacheCreationInputTokens;
    private final MethodHandle cacheCreation;
    private final MethodHandle ephemeral5m;
    private final MethodHandle ephemeral1h;
    private final MethodHandle model;
    private final MethodHandle modelId;

    AnthropicMessageReader(Class<?> message) throws ReflectiveOperationException {
        super("usage.anthropic", Accessors.returnType(message, "_usage"));
        usage = valueField(message, "_usage");
        Class<?> usageType = Accessors.valueType(message, "_usage");
        inputTokens = countField(usageType, "_inputTokens");
        outputTokens = countField(usageType, "_outputTokens");
        cacheReadInputTokens = countField(usageType, "_cacheReadInputTokens");
        cacheCreationInputTokens = countField(usageType, "_cacheCreationInputTokens");
        cacheCreation = valueField(usageType, "_cacheCreation");
        Class<?> splitType = Accessors.valueType(usageType, "_cacheCreation");
        ephemeral5m = countField(splitType, "_ephemeral5mInputTokens");
        ephemeral1h = countField(splitType, "_ephemeral1hInputTokens");
        model = valueField(message, "_model");
        // Model is an open enum: known() throws for ids newer than the SDK; _value() holds the raw id as sent.
        modelId = valueField(Accessors.valueType(message, "_model"), "_value");
    }

    @Override
    ResponseUsage read(Object message) throws Throwable {
        Object u = value(usage, message);
        if (u == null || u == GARBLED) {
            return null;
        }
        Object split = value(cacheCreation, u);
        TokenCounts tokens = TokenNormaliser.anthropic(
                count(inputTokens, u),
                count(cacheReadInputTokens, u),
                count(cacheCreationInputTokens, u),
                count(ephemeral5m, split),
                count(ephemeral1h, split),
                count(outputTokens, u));
        if (tokens == null) {
            return null;
        }
        return new ResponseUsage(text(modelId, value(model, message)), ANTHROPIC, tokens);
    }

    @Override
    Object usageObject(Object message) throws Throwable {
        Object u = value(usage, message);
        return u == GARBLED ? null : u;
    }
}
