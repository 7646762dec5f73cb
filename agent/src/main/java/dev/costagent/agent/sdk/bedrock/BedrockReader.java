package dev.costagent.agent.sdk.bedrock;

import dev.costagent.agent.usage.Accessors;
import dev.costagent.agent.usage.ShapeReader;
import dev.costagent.agent.usage.TokenNormaliser;
import dev.costagent.agent.value.ResponseUsage;
import dev.costagent.agent.value.TokenCounts;
import java.lang.invoke.MethodHandle;

/**
 * Reads AWS Bedrock Runtime Converse usage: a {@code ConverseResponse}, or the {@code ConverseStreamMetadataEvent}
 * that ends a {@code converseStream}; both have {@code usage()}, a {@code TokenUsage} of boxed counts.
 *
 * <p>{@code inputTokens} excludes the cache: AWS documents {@code totalTokens} as the sum of input, output,
 * cache-read and cache-write tokens, and Bedrock serves Anthropic's models with Anthropic's accounting. Cache
 * writes are all taken as 5-minute writes (the per-TTL {@code cacheDetails} are not read). The response names no
 * model: the agent takes it from the request ({@code ConverseRequest.modelId()}).
 */
// Thread-safety: immutable after construction.
final class BedrockReader extends ShapeReader {

    private static final String MODEL = BedrockModule.RUNTIME + "model.";

    private final MethodHandle usage;
    private final MethodHandle input;
    private final MethodHandle output;
    private final MethodHandle cacheRead;
    private final MethodHandle cacheWrite;

    private BedrockReader(Class<?> response) throws ReflectiveOperationException {
        super("usage.bedrock");
        usage = Accessors.getter(response, "usage");
        Class<?> usageType = Accessors.returnType(response, "usage");
        input = Accessors.getter(usageType, "inputTokens");
        output = Accessors.getter(usageType, "outputTokens");
        cacheRead = Accessors.getter(usageType, "cacheReadInputTokens");
        cacheWrite = Accessors.getter(usageType, "cacheWriteInputTokens");
    }

    /** The reader for {@code type}, or null when it is neither Converse shape. */
    static ShapeReader forClass(Class<?> type) throws ReflectiveOperationException {
        if (Accessors.superclassNamed(type, MODEL + "ConverseResponse") != null
                || Accessors.superclassNamed(type, MODEL + "ConverseStreamMetadataEvent") != null) {
            return new BedrockReader(type);
        }
        return null;
    }

    @Override
    public ResponseUsage read(Object response) throws Throwable {
        Object u = usage.invokeExact(response);
        if (u == null) {
            return null;
        }
        TokenCounts tokens = TokenNormaliser.anthropic(
                TokenNormaliser.count((Object) input.invokeExact(u)),
                TokenNormaliser.count((Object) cacheRead.invokeExact(u)),
                TokenNormaliser.count((Object) cacheWrite.invokeExact(u)),
                TokenNormaliser.ABSENT, TokenNormaliser.ABSENT,
                TokenNormaliser.count((Object) output.invokeExact(u)));
        return tokens == null ? null : new ResponseUsage(null, BedrockModule.PROVIDER, tokens);
    }
}
