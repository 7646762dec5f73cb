package dev.costagent.agent.usage;

import dev.costagent.agent.value.ResponseUsage;
import dev.costagent.agent.value.TokenCounts;
import java.lang.invoke.MethodHandle;

/**
 * Reads Google GenAI {@code GenerateContentResponse}s (also each chunk of a stream): {@code modelVersion()} and
 * {@code usageMetadata()}, all {@code Optional}s. The runtime class is a package-private AutoValue subclass, so
 * every accessor is resolved on the public abstract types (SDK_REFERENCE, general note 3). Normalised by
 * {@link TokenNormaliser#gemini}: the prompt includes the cached content, thoughts are output beside the
 * candidates.
 */
// Thread-safety: immutable after construction.
final class GoogleGenAiReader extends ShapeReader {

    static final String GOOGLE = "google";
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
        usageMetadata = StainlessReader.optionalField(response, "usageMetadata");
        modelVersion = StainlessReader.optionalField(response, "modelVersion");
        Class<?> metadata = Accessors.valueType(response, "usageMetadata");
        prompt = StainlessReader.optionalField(metadata, "promptTokenCount");
        cached = StainlessReader.optionalField(metadata, "cachedContentTokenCount");
        toolUsePrompt = StainlessReader.optionalField(metadata, "toolUsePromptTokenCount");
        candidates = StainlessReader.optionalField(metadata, "candidatesTokenCount");
        thoughts = StainlessReader.optionalField(metadata, "thoughtsTokenCount");
    }

    /** The reader for {@code type}, or null when it is no {@code GenerateContentResponse}. */
    static ShapeReader forClass(Class<?> type) throws ReflectiveOperationException {
        Class<?> publicType = Accessors.superclassNamed(type, GENERATE_CONTENT_RESPONSE);
        return publicType == null ? null : new GoogleGenAiReader(publicType);
    }

    @Override
    ResponseUsage read(Object response) throws Throwable {
        Object meta = usageMetadata.invokeExact(response);
        if (meta == null) {
            return null;
        }
        TokenCounts tokens = TokenNormaliser.gemini(
                TokenNormaliser.count((Object) prompt.invokeExact(meta)),
                TokenNormaliser.count((Object) cached.invokeExact(meta)),
                TokenNormaliser.count((Object) toolUsePrompt.invokeExact(meta)),
                TokenNormaliser.count((Object) candidates.invokeExact(meta)),
                TokenNormaliser.count((Object) thoughts.invokeExact(meta)));
        if (tokens == null) {
            return null;
        }
        Object model = modelVersion.invokeExact(response);
        return new ResponseUsage(model instanceof String m && !m.isBlank() ? m : null, GOOGLE, tokens);
    }
}
