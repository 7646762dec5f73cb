package dev.costagent.agent.sdk.anthropic;

import dev.costagent.agent.sdk.Hook;
import dev.costagent.agent.sdk.NativeUsage;
import dev.costagent.agent.sdk.SdkModule;
import dev.costagent.agent.sdk.stainless.EventStreams;
import dev.costagent.agent.usage.Providers;
import dev.costagent.agent.usage.ShapeReader;
import java.util.List;

/**
 * The Anthropic Java SDK ({@code com.anthropic:anthropic-java}): messages, sync and async, plain and streamed, in
 * the GA and beta namespaces, and message batch results. Each hook names the service implementation class the
 * client really calls (found with javap and at run time); the SDK's one-argument and structured-output overloads
 * are interface defaults that delegate to these methods, so hooking these covers them.
 *
 * <p>Checked against anthropic-java 3.12.0, and 2.52.0, which Spring AI 2.0.1 brings.
 */
public final class AnthropicModule implements SdkModule {

    public static final AnthropicModule INSTANCE = new AnthropicModule();
    private static final NativeUsage NATIVE_USAGE = new NativeUsage(Providers.ANTHROPIC, false);

    private static final String SERVICES = "com.anthropic.services.";
    private static final String MESSAGES = "com.anthropic.models.messages.";
    private static final String BETA_MESSAGES = "com.anthropic.models.beta.messages.";

    private static final List<Hook> HOOKS = List.of(
            Hook.method(SERVICES + "blocking.MessageServiceImpl", "create", 2).response("anthropic.messages.create"),
            Hook.method(SERVICES + "blocking.MessageServiceImpl", "createStreaming", 2)
                    .stream("anthropic.messages.stream", EventStreams.BLOCKING),
            Hook.method(SERVICES + "async.MessageServiceAsyncImpl", "create", 2).response("anthropic.messages.create"),
            Hook.method(SERVICES + "async.MessageServiceAsyncImpl", "createStreaming", 2)
                    .stream("anthropic.messages.stream", EventStreams.ASYNC),
            Hook.method(SERVICES + "blocking.beta.MessageServiceImpl", "create", 2)
                    .response("anthropic.beta.messages.create"),
            Hook.method(SERVICES + "blocking.beta.MessageServiceImpl", "createStreaming", 2)
                    .stream("anthropic.beta.messages.stream", EventStreams.BLOCKING),
            Hook.method(SERVICES + "async.beta.MessageServiceAsyncImpl", "create", 2)
                    .response("anthropic.beta.messages.create"),
            Hook.method(SERVICES + "async.beta.MessageServiceAsyncImpl", "createStreaming", 2)
                    .stream("anthropic.beta.messages.stream", EventStreams.ASYNC),
            Hook.method(SERVICES + "blocking.messages.BatchServiceImpl", "resultsStreaming", 2)
                    .stream("anthropic.messages.batches.results", BatchResults.BLOCKING),
            Hook.method(SERVICES + "async.messages.BatchServiceAsyncImpl", "resultsStreaming", 2)
                    .stream("anthropic.messages.batches.results", BatchResults.ASYNC),
            Hook.method(SERVICES + "blocking.beta.messages.BatchServiceImpl", "resultsStreaming", 2)
                    .stream("anthropic.beta.messages.batches.results", BatchResults.BLOCKING),
            Hook.method(SERVICES + "async.beta.messages.BatchServiceAsyncImpl", "resultsStreaming", 2)
                    .stream("anthropic.beta.messages.batches.results", BatchResults.ASYNC));

    /** The SDK's packages, one by one, so that a program's own {@code com.anthropic.team} code is still walked. */
    private static final List<String> UNWALKED = List.of(
            "com/anthropic/models/", "com/anthropic/services/", "com/anthropic/core/", "com/anthropic/helpers/",
            "com/anthropic/errors/", "com/anthropic/internal/", "com/anthropic/config/", "com/anthropic/client/",
            "com/anthropic/backends/", "com/anthropic/credentials/");

    private AnthropicModule() {
    }

    @Override
    public String name() {
        return "anthropic";
    }

    @Override
    public List<Hook> hooks() {
        return HOOKS;
    }

    @Override
    public List<String> unwalkedPackages() {
        return UNWALKED;
    }

    /** Messages (read by exact name: the SDK's model classes are final, and a name test loads nothing). */
    @Override
    public ShapeReader reader(Class<?> type) throws ReflectiveOperationException {
        switch (type.getName()) {
            case MESSAGES + "Message":
            case BETA_MESSAGES + "BetaMessage":
            case MESSAGES + "StructuredMessage":
            case BETA_MESSAGES + "StructuredMessage":
                return AnthropicMessageReader.forClass(type);
            case MESSAGES + "RawMessageStreamEvent":
            case BETA_MESSAGES + "BetaRawMessageStreamEvent":
                return MessageStreamEvents.INSTANCE;
            default:
                return null;
        }
    }

    /** Anthropic's {@code input_tokens} excludes the cache reads and writes. */
    @Override
    public NativeUsage nativeUsage(String className) {
        return className.startsWith("com.anthropic.") ? NATIVE_USAGE : null;
    }
}
