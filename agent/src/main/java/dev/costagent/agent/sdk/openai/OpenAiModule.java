package dev.costagent.agent.sdk.openai;

import dev.costagent.agent.sdk.Hook;
import dev.costagent.agent.sdk.NativeUsage;
import dev.costagent.agent.sdk.SdkModule;
import dev.costagent.agent.sdk.stainless.EventStreams;
import dev.costagent.agent.usage.Providers;
import dev.costagent.agent.usage.ShapeReader;
import java.util.List;

/**
 * The OpenAI Java SDK ({@code com.openai:openai-java}): Chat Completions, Responses, Embeddings and legacy
 * Completions, sync and async, plain and streamed. Each hook names the service implementation class the client
 * really calls; the SDK's structured-output overloads are interface defaults that delegate to these methods.
 *
 * <p>A chat completion stream carries usage only when the request asked for it: a stream without any is counted
 * unmetered, and the warning says what to set.
 *
 * <p>Checked against openai-java 4.101.0 and 4.49.0.
 */
public final class OpenAiModule implements SdkModule {

    public static final OpenAiModule INSTANCE = new OpenAiModule();
    private static final NativeUsage NATIVE_USAGE = new NativeUsage(Providers.OPENAI, true);

    private static final String SERVICES = "com.openai.services.";
    private static final String MODELS = "com.openai.models.";
    private static final String INCLUDE_USAGE =
            " (for OpenAI chat completions, set stream_options.include_usage=true)";
    private static final EventStreams CHAT_STREAMS = new EventStreams(false, INCLUDE_USAGE);
    private static final EventStreams ASYNC_CHAT_STREAMS = new EventStreams(true, INCLUDE_USAGE);

    private static final List<Hook> HOOKS = List.of(
            Hook.method(SERVICES + "blocking.chat.ChatCompletionServiceImpl", "create", 2)
                    .response("openai.chat.completions.create"),
            Hook.method(SERVICES + "blocking.chat.ChatCompletionServiceImpl", "createStreaming", 2)
                    .stream("openai.chat.completions.stream", CHAT_STREAMS),
            Hook.method(SERVICES + "async.chat.ChatCompletionServiceAsyncImpl", "create", 2)
                    .response("openai.chat.completions.create"),
            Hook.method(SERVICES + "async.chat.ChatCompletionServiceAsyncImpl", "createStreaming", 2)
                    .stream("openai.chat.completions.stream", ASYNC_CHAT_STREAMS),
            Hook.method(SERVICES + "blocking.ResponseServiceImpl", "create", 2).response("openai.responses.create"),
            Hook.method(SERVICES + "blocking.ResponseServiceImpl", "createStreaming", 2)
                    .stream("openai.responses.stream", EventStreams.BLOCKING),
            Hook.method(SERVICES + "async.ResponseServiceAsyncImpl", "create", 2).response("openai.responses.create"),
            Hook.method(SERVICES + "async.ResponseServiceAsyncImpl", "createStreaming", 2)
                    .stream("openai.responses.stream", EventStreams.ASYNC),
            Hook.method(SERVICES + "blocking.EmbeddingServiceImpl", "create", 2).response("openai.embeddings.create"),
            Hook.method(SERVICES + "async.EmbeddingServiceAsyncImpl", "create", 2)
                    .response("openai.embeddings.create"),
            Hook.method(SERVICES + "blocking.CompletionServiceImpl", "create", 2).response("openai.completions.create"),
            Hook.method(SERVICES + "blocking.CompletionServiceImpl", "createStreaming", 2)
                    .stream("openai.completions.stream", EventStreams.BLOCKING),
            Hook.method(SERVICES + "async.CompletionServiceAsyncImpl", "create", 2)
                    .response("openai.completions.create"),
            Hook.method(SERVICES + "async.CompletionServiceAsyncImpl", "createStreaming", 2)
                    .stream("openai.completions.stream", EventStreams.ASYNC));

    /** The SDK's packages, one by one, so that a program's own code beside them is still walked. */
    private static final List<String> UNWALKED = List.of(
            "com/openai/models/", "com/openai/services/", "com/openai/core/", "com/openai/client/",
            "com/openai/helpers/", "com/openai/auth/", "com/openai/errors/", "com/openai/azure/",
            "com/openai/credential/");

    private OpenAiModule() {
    }

    @Override
    public String name() {
        return "openai";
    }

    @Override
    public List<Hook> hooks() {
        return HOOKS;
    }

    @Override
    public List<String> unwalkedPackages() {
        return UNWALKED;
    }

    /** Read by exact name: the SDK's model classes are final, and a name test loads nothing. */
    @Override
    public ShapeReader reader(Class<?> type) throws ReflectiveOperationException {
        switch (type.getName()) {
            case MODELS + "chat.completions.ChatCompletion":
            case MODELS + "chat.completions.StructuredChatCompletion":
            case MODELS + "chat.completions.ChatCompletionChunk":
            case MODELS + "completions.Completion":
                return OpenAiCompletionReader.forClass(type);
            case MODELS + "responses.Response":
            case MODELS + "responses.StructuredResponse":
                return OpenAiResponseReader.forClass(type);
            case MODELS + "embeddings.CreateEmbeddingResponse":
                return OpenAiEmbeddingReader.forClass(type);
            case MODELS + "responses.ResponseStreamEvent":
                return ResponseStreamEvents.INSTANCE;
            default:
                return null;
        }
    }

    /** OpenAI's prompt figure includes the cached and the written tokens. */
    @Override
    public NativeUsage nativeUsage(String className) {
        return className.startsWith("com.openai.") ? NATIVE_USAGE : null;
    }
}
