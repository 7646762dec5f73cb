package dev.costagent.agent.sdk.bedrock;

import dev.costagent.agent.sdk.Hook;
import dev.costagent.agent.sdk.NativeUsage;
import dev.costagent.agent.sdk.SdkModule;
import dev.costagent.agent.usage.ShapeReader;
import java.util.List;

/**
 * AWS Bedrock Runtime's Converse API ({@code software.amazon.awssdk:bedrockruntime}), sync and async, plain and
 * streamed. The response names no model: the request does ({@link RequestModelId}). A stream is delivered to a
 * handler the program passes in, which is replaced by an observing one ({@link StreamHandlers}).
 *
 * <p>Checked against bedrockruntime 2.54.14.
 */
public final class BedrockModule implements SdkModule {

    public static final BedrockModule INSTANCE = new BedrockModule();

    /** The provider, as the price catalog names it. */
    static final String PROVIDER = "bedrock";
    private static final NativeUsage NATIVE_USAGE = new NativeUsage(PROVIDER, false);

    static final String RUNTIME = "software.amazon.awssdk.services.bedrockruntime.";

    private static final List<Hook> HOOKS = List.of(
            Hook.method(RUNTIME + "DefaultBedrockRuntimeClient", "converse", 1)
                    .taking(RUNTIME + "model.ConverseRequest").modelFrom(RequestModelId.INSTANCE)
                    .response("bedrock.converse"),
            Hook.method(RUNTIME + "DefaultBedrockRuntimeAsyncClient", "converse", 1)
                    .taking(RUNTIME + "model.ConverseRequest").modelFrom(RequestModelId.INSTANCE)
                    .response("bedrock.converse"),
            Hook.method(RUNTIME + "DefaultBedrockRuntimeAsyncClient", "converseStream", 2)
                    .taking(RUNTIME + "model.ConverseStreamRequest").modelFrom(RequestModelId.INSTANCE)
                    .entry("bedrock.converse_stream", StreamHandlers.INSTANCE));

    private BedrockModule() {
    }

    @Override
    public String name() {
        return "bedrock";
    }

    @Override
    public List<Hook> hooks() {
        return HOOKS;
    }

    /** The whole AWS SDK: its classes are loaded by the hundred, and no program code lives in its packages. */
    @Override
    public List<String> unwalkedPackages() {
        return List.of("software/amazon/awssdk/");
    }

    @Override
    public ShapeReader reader(Class<?> type) throws ReflectiveOperationException {
        return type.getName().startsWith(RUNTIME) ? BedrockReader.forClass(type) : null;
    }

    /** Bedrock serves Anthropic's models with Anthropic's accounting: the input excludes the cache. */
    @Override
    public NativeUsage nativeUsage(String className) {
        return className.startsWith("software.amazon.awssdk.") ? NATIVE_USAGE : null;
    }
}
