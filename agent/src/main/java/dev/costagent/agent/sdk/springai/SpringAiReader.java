package dev.costagent.agent.sdk.springai;

import dev.costagent.agent.sdk.NativeUsage;
import dev.costagent.agent.sdk.SdkModules;
import dev.costagent.agent.usage.Accessors;
import dev.costagent.agent.usage.ShapeReader;
import dev.costagent.agent.usage.TokenNormaliser;
import dev.costagent.agent.value.ResponseUsage;
import dev.costagent.agent.value.TokenCounts;
import java.lang.invoke.MethodHandle;

/**
 * Reads Spring AI {@code ChatResponse}s ({@code org.springframework.ai.chat.model.ChatResponse}):
 * {@code getMetadata().getModel()} and {@code getMetadata().getUsage()}, a {@code Usage} with
 * {@code getPromptTokens()}, {@code getCompletionTokens()}, {@code getCacheReadInputTokens()},
 * {@code getCacheWriteInputTokens()} and the provider's own object, {@code getNativeUsage()}.
 *
 * <p>Spring AI passes the provider's figures through unchanged, so their meaning follows the provider, told by
 * the native usage's class: the SDK module it belongs to says which provider it is and whether its prompt figure
 * includes the cache ({@code SdkModule#nativeUsage}). A provider no module knows (no native object, or one of
 * Spring AI's own) is read as including the cache reads and writes, as most providers' figures do, and named by
 * the model alone. A usage whose every figure is 0 or missing (Spring AI's {@code EmptyUsage}, the interim
 * elements of a stream) is no usage.
 */
// Thread-safety: immutable after construction.
final class SpringAiReader extends ShapeReader {

    static final String CHAT_RESPONSE = "org.springframework.ai.chat.model.ChatResponse";

    private final MethodHandle metadata;
    private final MethodHandle model;
    private final MethodHandle usage;
    private final MethodHandle prompt;
    private final MethodHandle completion;
    private final MethodHandle cacheRead;
    private final MethodHandle cacheWrite;
    private final MethodHandle nativeUsage;

    private SpringAiReader(Class<?> response) throws ReflectiveOperationException {
        super("usage.spring-ai");
        // getMetadata() has a bridge returning the supertype; getMethod picks the most specific return type.
        metadata = Accessors.getter(response, "getMetadata");
        Class<?> metadataType = Accessors.returnType(response, "getMetadata");
        model = Accessors.getter(metadataType, "getModel");
        usage = Accessors.getter(metadataType, "getUsage");
        Class<?> usageType = Accessors.returnType(metadataType, "getUsage");
        prompt = Accessors.getter(usageType, "getPromptTokens");
        completion = Accessors.getter(usageType, "getCompletionTokens");
        // Cache figures exist since Spring AI 2.0.
        cacheRead = Accessors.hasMethod(usageType, "getCacheReadInputTokens")
                ? Accessors.getter(usageType, "getCacheReadInputTokens") : null;
        cacheWrite = Accessors.hasMethod(usageType, "getCacheWriteInputTokens")
                ? Accessors.getter(usageType, "getCacheWriteInputTokens") : null;
        nativeUsage = Accessors.getter(usageType, "getNativeUsage");
    }

    /** The reader for {@code type}, or null when it is no Spring AI {@code ChatResponse}. */
    static ShapeReader forClass(Class<?> type) throws ReflectiveOperationException {
        return Accessors.superclassNamed(type, CHAT_RESPONSE) == null ? null : new SpringAiReader(type);
    }

    @Override
    public ResponseUsage read(Object response) throws Throwable {
        Object meta = metadata.invokeExact(response);
        Object u = meta == null ? null : (Object) usage.invokeExact(meta);
        if (u == null) {
            return null;
        }
        long in = TokenNormaliser.count((Object) prompt.invokeExact(u));
        long out = TokenNormaliser.count((Object) completion.invokeExact(u));
        long read = cacheRead == null ? TokenNormaliser.ABSENT : TokenNormaliser.count((Object) cacheRead.invokeExact(u));
        long write = cacheWrite == null ? TokenNormaliser.ABSENT
                : TokenNormaliser.count((Object) cacheWrite.invokeExact(u));
        if (orZero(in) == 0 && orZero(out) == 0 && orZero(read) == 0 && orZero(write) == 0) {
            return null;
        }
        Object nat = nativeUsage.invokeExact(u);
        NativeUsage owner = nat == null ? null : SdkModules.nativeUsage(nat.getClass().getName());
        TokenCounts tokens = owner == null || owner.promptIncludesCache()
                ? TokenNormaliser.openAi(in, read, write, out)
                : TokenNormaliser.anthropic(in, read, write, TokenNormaliser.ABSENT, TokenNormaliser.ABSENT, out);
        String provider = owner == null ? null : owner.provider();
        if (tokens == null) {
            return null;
        }
        Object m = model.invokeExact(meta);
        return new ResponseUsage(m instanceof String name && !name.isBlank() ? name : null, provider, tokens);
    }

    @Override
    public Object nativeUsage(Object response) throws Throwable {
        Object meta = metadata.invokeExact(response);
        Object u = meta == null ? null : (Object) usage.invokeExact(meta);
        return u == null ? null : (Object) nativeUsage.invokeExact(u);
    }

    private static long orZero(long figure) {
        return figure < 0 ? 0 : figure;
    }
}
