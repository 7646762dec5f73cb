package dev.costagent.agent.sdk.anthropic;

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
 * Reads Anthropic SDK messages: {@code Message}, {@code BetaMessage} and their {@code StructuredMessage} wrappers,
 * which all expose {@code _usage()} and {@code _model()}. Their usage types ({@code Usage}, {@code BetaUsage})
 * share the field names, so one plan shape serves all of them, resolved on each class's own types.
 *
 * <p>A template: each message class is read by a hidden copy of this class holding that class's handles as
 * constants ({@link ConstantHandles}); {@link #plan} lists them in the order of the fields below.
 */
// Thread-safety: immutable.
final class AnthropicMessageReader extends StainlessReader {

    private static final List<MethodHandle> HANDLES = ConstantHandles.classData(MethodHandles.lookup());
    private static final MethodHandle USAGE = ConstantHandles.at(HANDLES, 0);
    private static final MethodHandle INPUT_TOKENS = ConstantHandles.at(HANDLES, 1);
    private static final MethodHandle OUTPUT_TOKENS = ConstantHandles.at(HANDLES, 2);
    private static final MethodHandle CACHE_READ_INPUT_TOKENS = ConstantHandles.at(HANDLES, 3);
    private static final MethodHandle CACHE_CREATION_INPUT_TOKENS = ConstantHandles.at(HANDLES, 4);
    private static final MethodHandle CACHE_CREATION = ConstantHandles.at(HANDLES, 5);
    private static final MethodHandle EPHEMERAL_5M = ConstantHandles.at(HANDLES, 6);
    private static final MethodHandle EPHEMERAL_1H = ConstantHandles.at(HANDLES, 7);
    private static final MethodHandle MODEL = ConstantHandles.at(HANDLES, 8);
    private static final MethodHandle MODEL_ID = ConstantHandles.at(HANDLES, 9);

    AnthropicMessageReader() {
        super("usage.anthropic");
    }

    /** A hidden copy of this template reading {@code type}, a class it reads (see its module). */
    static ShapeReader forClass(Class<?> type) throws ReflectiveOperationException {
        return ConstantHandles.copy(MethodHandles.lookup(), AnthropicMessageReader.class, plan(type));
    }

    /** The handles for {@code message}'s class, in the order of this class's constants. */
    static List<MethodHandle> plan(Class<?> message) throws ReflectiveOperationException {
        Fields fields = Fields.of(message, "_usage");
        Class<?> usageType = Accessors.valueType(message, "_usage");
        Class<?> splitType = Accessors.valueType(usageType, "_cacheCreation");
        return List.of(
                fields.value(message, "_usage"),
                fields.count(usageType, "_inputTokens"),
                fields.count(usageType, "_outputTokens"),
                fields.count(usageType, "_cacheReadInputTokens"),
                fields.count(usageType, "_cacheCreationInputTokens"),
                fields.value(usageType, "_cacheCreation"),
                fields.count(splitType, "_ephemeral5mInputTokens"),
                fields.count(splitType, "_ephemeral1hInputTokens"),
                fields.value(message, "_model"),
                // Model is an open enum: known() throws for ids newer than the SDK; _value() holds the raw id.
                fields.value(Accessors.valueType(message, "_model"), "_value"));
    }

    @Override
    public ResponseUsage read(Object message) throws Throwable {
        Object u = value(USAGE, message);
        if (u == null || u == GARBLED) {
            return null;
        }
        Object split = value(CACHE_CREATION, u);
        TokenCounts tokens = TokenNormaliser.anthropic(
                count(INPUT_TOKENS, u),
                count(CACHE_READ_INPUT_TOKENS, u),
                count(CACHE_CREATION_INPUT_TOKENS, u),
                count(EPHEMERAL_5M, split),
                count(EPHEMERAL_1H, split),
                count(OUTPUT_TOKENS, u));
        if (tokens == null) {
            return null;
        }
        return new ResponseUsage(text(MODEL_ID, value(MODEL, message)), Providers.ANTHROPIC, tokens);
    }

    @Override
    public Object usageObject(Object message) throws Throwable {
        Object u = value(USAGE, message);
        return u == GARBLED ? null : u;
    }
}
