package dev.costagent.agent.sdk.genai;

import dev.costagent.agent.sdk.Hook;
import dev.costagent.agent.sdk.NativeUsage;
import dev.costagent.agent.sdk.SdkModule;
import dev.costagent.agent.usage.ShapeReader;
import java.util.List;

/**
 * The Google GenAI Java SDK ({@code com.google.genai:google-genai}): the package-private methods that make one
 * HTTP call each (the public {@code generateContent} loops over them for automatic function calling), sync and
 * async, plain and streamed. The model is the methods' first argument. A stream is a {@code ResponseStream}, a
 * class, so no stand-in can replace it: it is remembered, and its iterator observed ({@link ResponseStreams}).
 *
 * <p>Checked against google-genai 1.70.0.
 */
public final class GenAiModule implements SdkModule {

    public static final GenAiModule INSTANCE = new GenAiModule();

    /** The provider, as the price catalog names it. */
    static final String PROVIDER = "google";
    private static final NativeUsage NATIVE_USAGE = new NativeUsage(PROVIDER, true);

    private static final String GENAI = "com.google.genai.";
    private static final String STREAM = "google.models.generate_content_stream";

    private static final List<Hook> HOOKS = List.of(
            Hook.method(GENAI + "Models", "privateGenerateContent", 3).taking("java.lang.String")
                    .modelFrom(ModelArgument.INSTANCE).response("google.models.generate_content"),
            Hook.method(GENAI + "Models", "privateGenerateContentStream", 3).taking("java.lang.String")
                    .modelFrom(ModelArgument.INSTANCE).stream(STREAM, ResponseStreams.RETURNED),
            Hook.method(GENAI + "AsyncModels", "privateGenerateContent", 3).taking("java.lang.String")
                    .modelFrom(ModelArgument.INSTANCE).response("google.models.generate_content"),
            Hook.method(GENAI + "AsyncModels", "privateGenerateContentStream", 3).taking("java.lang.String")
                    .modelFrom(ModelArgument.INSTANCE).stream(STREAM, ResponseStreams.RETURNED),
            Hook.method(GENAI + "ResponseStream", "iterator", 0).view(STREAM, ResponseStreams.ITERATOR),
            Hook.method(GENAI + "ResponseStream", "close", 0).entry(STREAM, ResponseStreams.CLOSED));

    private GenAiModule() {
    }

    @Override
    public String name() {
        return "google-genai";
    }

    @Override
    public List<Hook> hooks() {
        return HOOKS;
    }

    @Override
    public List<String> unwalkedPackages() {
        return List.of("com/google/genai/");
    }

    /** {@code GenerateContentResponse}s, whose runtime class is an AutoValue subclass in the SDK's package. */
    @Override
    public ShapeReader reader(Class<?> type) throws ReflectiveOperationException {
        return type.getName().startsWith(GENAI) ? GoogleGenAiReader.forClass(type) : null;
    }

    /** Gemini's prompt figure includes the cached content. */
    @Override
    public NativeUsage nativeUsage(String className) {
        return className.startsWith(GENAI) ? NATIVE_USAGE : null;
    }
}
