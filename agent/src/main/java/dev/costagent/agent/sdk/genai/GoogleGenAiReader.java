package dev.costagent.agent.sdk.genai;

import static dev.costagent.agent.usage.TokenNormaliser.ABSENT;
import static dev.costagent.agent.usage.TokenNormaliser.INVALID;

import dev.costagent.agent.usage.Accessors;
import dev.costagent.agent.usage.ShapeReader;
import dev.costagent.agent.usage.TokenNormaliser;
import dev.costagent.agent.value.ResponseUsage;
import dev.costagent.agent.value.TokenCounts;
import java.lang.invoke.MethodHandle;

/**
 * Reads Google GenAI {@code GenerateContentResponse}s (also each chunk of a stream): {@code modelVersion()} and
 * {@code usageMetadata()}, all {@code Optional}s. The runtime class is a package-private AutoValue subclass, so
 * every accessor is resolved on the public abstract types (SDK_REFERENCE, general note 3). Normalised by
 * {@link #gemini}: the prompt includes the cached content, thoughts are output beside the
 * candidates.
 */
// Thread-safety: immutable after construction.
final class GoogleGenAiReader extends ShapeReader {

    static final String GENERATE_CONTENT_RESPONSE = "com.google.genai.types.GenerateContentResponse";

    private final MethodHandle usageMetadata;
    private final MethodHandle modelVersion;
    private final MethodHandle prompt;
    private final MethodHandle cached;
    private final MethodHandle toolUsePrompt;
    private final MethodHandle candidates;
    private final MethodHandle thoughts;

    private GoogleGenAiReader(Class<?> response) throws ReflectiveOperationException {
        super("usage.google");
        usageMetadata = Accessors.optionalField(response, "usageMetadata");
        modelVersion = Accessors.optionalField(response, "modelVersion");
        Class<?> metadata = Accessors.valueType(response, "usageMetadata");
        prompt = Accessors.optionalField(metadata, "promptTokenCount");
        cached = Accessors.optionalField(metadata, "cachedContentTokenCount");
        toolUsePrompt = Accessors.optionalField(metadata, "toolUsePromptTokenCount");
        candidates = Accessors.optionalField(metadata, "candidatesTokenCount");
        thoughts = Accessors.optionalField(metadata, "thoughtsTokenCount");
    }

    /** The reader for {@code type}, or null when it is no {@code GenerateContentResponse}. */
    static ShapeReader forClass(Class<?> type) throws ReflectiveOperationException {
        Class<?> publicType = Accessors.superclassNamed(type, GENERATE_CONTENT_RESPONSE);
        return publicType == null ? null : new GoogleGenAiReader(publicType);
    }

    @Override
    public ResponseUsage read(Object response) throws Throwable {
        Object meta = usageMetadata.invokeExact(response);
        if (meta == null) {
            return null;
        }
        TokenCounts tokens = gemini(
                TokenNormaliser.count((Object) prompt.invokeExact(meta)),
                TokenNormaliser.count((Object) cached.invokeExact(meta)),
                TokenNormaliser.count((Object) toolUsePrompt.invokeExact(meta)),
                TokenNormaliser.count((Object) candidates.invokeExact(meta)),
                TokenNormaliser.count((Object) thoughts.invokeExact(meta)));
        if (tokens == null) {
            return null;
        }
        Object model = modelVersion.invokeExact(response);
        return new ResponseUsage(model instanceof String m && !m.isBlank() ? m : null, GenAiModule.PROVIDER, tokens);
    }

    /**
     * Google Gemini figures: {@code promptTokenCount} includes {@code cachedContentTokenCount};
     * {@code toolUsePromptTokenCount} (the prompts of server-side tools) is further input; output is
     * {@code candidatesTokenCount} plus {@code thoughtsTokenCount}, which the candidates exclude
     * ({@code totalTokenCount} = prompt + candidates + tool-use prompt + thoughts). Gemini reports no cache
     * writes.
     *
     * @return the counts, or null when the usage is unreadable
     */
    static TokenCounts gemini(long prompt, long cached, long toolUsePrompt, long candidates, long thoughts) {
        if (prompt == INVALID || cached == INVALID || toolUsePrompt == INVALID || candidates == INVALID
                || thoughts == INVALID) {
            return null;
        }
        if (prompt == ABSENT && cached == ABSENT && toolUsePrompt == ABSENT && candidates == ABSENT
                && thoughts == ABSENT) {
            return null;
        }
        long read = orZero(cached);
        long uncached = Math.max(0, orZero(prompt) + orZero(toolUsePrompt) - read);
        return new TokenCounts(uncached, read, 0, 0, orZero(candidates) + orZero(thoughts));
    }

    private static long orZero(long figure) {
        return figure == ABSENT ? 0 : figure;
    }
}
