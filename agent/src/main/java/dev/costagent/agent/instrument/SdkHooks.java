package dev.costagent.agent.instrument;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The SDK client methods the agent hooks, so that programs are priced without annotations. Each entry is a
 * service implementation class (the class the client really calls, found with javap and at run time) and a method
 * of it; the one-argument and structured-output overloads of the SDKs are interface defaults that delegate to
 * these two-argument methods, so hooking these covers them.
 *
 * <p>Checked against anthropic-java 3.12.0 (and 2.52.0, which Spring AI 2.0.1 brings) and openai-java 4.101.0
 * (and 4.49.0).
 */
public final class SdkHooks {

    /** What a hooked method returns, which decides how its usage is read. */
    public enum Returns {
        /** A response, or a {@code CompletableFuture} of one. */
        RESPONSE,
        /** A blocking {@code StreamResponse} of events: usage is accumulated from the events. */
        STREAM,
        /** An {@code AsyncStreamResponse} of events. */
        ASYNC_STREAM,
        /** A {@code StreamResponse} of batch results: each succeeded result is one call. */
        BATCH_RESULTS,
        /** An {@code AsyncStreamResponse} of batch results. */
        ASYNC_BATCH_RESULTS,
    }

    /** One hooked method: {@code className#method} taking {@code arguments} parameters. */
    public record Hook(String className, String method, int arguments, Returns returns, String operation) {
    }

    private static final String ANTHROPIC = "com.anthropic.services.";
    private static final String OPENAI = "com.openai.services.";

    static final List<Hook> ALL = List.of(
            new Hook(ANTHROPIC + "blocking.MessageServiceImpl", "create", 2, Returns.RESPONSE, "anthropic.messages.create"),
            new Hook(ANTHROPIC + "blocking.MessageServiceImpl", "createStreaming", 2, Returns.STREAM, "anthropic.messages.stream"),
            new Hook(ANTHROPIC + "async.MessageServiceAsyncImpl", "create", 2, Returns.RESPONSE, "anthropic.messages.create"),
            new Hook(ANTHROPIC + "async.MessageServiceAsyncImpl", "createStreaming", 2, Returns.ASYNC_STREAM, "anthropic.messages.stream"),
            new Hook(ANTHROPIC + "blocking.beta.MessageServiceImpl", "create", 2, Returns.RESPONSE, "anthropic.beta.messages.create"),
            new Hook(ANTHROPIC + "blocking.beta.MessageServiceImpl", "createStreaming", 2, Returns.STREAM, "anthropic.beta.messages.stream"),
            new Hook(ANTHROPIC + "async.beta.MessageServiceAsyncImpl", "create", 2, Returns.RESPONSE, "anthropic.beta.messages.create"),
            new Hook(ANTHROPIC + "async.beta.MessageServiceAsyncImpl", "createStreaming", 2, Returns.ASYNC_STREAM, "anthropic.beta.messages.stream"),
            new Hook(ANTHROPIC + "blocking.messages.BatchServiceImpl", "resultsStreaming", 2, Returns.BATCH_RESULTS, "anthropic.messages.batches.results"),
            new Hook(ANTHROPIC + "async.messages.BatchServiceAsyncImpl", "resultsStreaming", 2, Returns.ASYNC_BATCH_RESULTS, "anthropic.messages.batches.results"),
            new Hook(ANTHROPIC + "blocking.beta.messages.BatchServiceImpl", "resultsStreaming", 2, Returns.BATCH_RESULTS, "anthropic.beta.messages.batches.results"),
            new Hook(ANTHROPIC + "async.beta.messages.BatchServiceAsyncImpl", "resultsStreaming", 2, Returns.ASYNC_BATCH_RESULTS, "anthropic.beta.messages.batches.results"),
            new Hook(OPENAI + "blocking.chat.ChatCompletionServiceImpl", "create", 2, Returns.RESPONSE, "openai.chat.completions.create"),
            new Hook(OPENAI + "blocking.chat.ChatCompletionServiceImpl", "createStreaming", 2, Returns.STREAM, "openai.chat.completions.stream"),
            new Hook(OPENAI + "async.chat.ChatCompletionServiceAsyncImpl", "create", 2, Returns.RESPONSE, "openai.chat.completions.create"),
            new Hook(OPENAI + "async.chat.ChatCompletionServiceAsyncImpl", "createStreaming", 2, Returns.ASYNC_STREAM, "openai.chat.completions.stream"),
            new Hook(OPENAI + "blocking.ResponseServiceImpl", "create", 2, Returns.RESPONSE, "openai.responses.create"),
            new Hook(OPENAI + "blocking.ResponseServiceImpl", "createStreaming", 2, Returns.STREAM, "openai.responses.stream"),
            new Hook(OPENAI + "async.ResponseServiceAsyncImpl", "create", 2, Returns.RESPONSE, "openai.responses.create"),
            new Hook(OPENAI + "async.ResponseServiceAsyncImpl", "createStreaming", 2, Returns.ASYNC_STREAM, "openai.responses.stream"),
            new Hook(OPENAI + "blocking.EmbeddingServiceImpl", "create", 2, Returns.RESPONSE, "openai.embeddings.create"),
            new Hook(OPENAI + "async.EmbeddingServiceAsyncImpl", "create", 2, Returns.RESPONSE, "openai.embeddings.create"),
            new Hook(OPENAI + "blocking.CompletionServiceImpl", "create", 2, Returns.RESPONSE, "openai.completions.create"),
            new Hook(OPENAI + "blocking.CompletionServiceImpl", "createStreaming", 2, Returns.STREAM, "openai.completions.stream"),
            new Hook(OPENAI + "async.CompletionServiceAsyncImpl", "create", 2, Returns.RESPONSE, "openai.completions.create"),
            new Hook(OPENAI + "async.CompletionServiceAsyncImpl", "createStreaming", 2, Returns.ASYNC_STREAM, "openai.completions.stream"));

    private final Map<String, List<Hook>> byClass;

    private SdkHooks(List<Hook> hooks) {
        Map<String, List<Hook>> m = new HashMap<>();
        for (Hook h : hooks) {
            m.computeIfAbsent(h.className().replace('.', '/'), k -> new java.util.ArrayList<>()).add(h);
        }
        m.replaceAll((k, v) -> List.copyOf(v));
        this.byClass = Map.copyOf(m);
    }

    /** The hooks in force: all of them, or none when {@code costagent.sdks=false}. */
    public static SdkHooks of(boolean enabled) {
        return new SdkHooks(enabled ? ALL : List.of());
    }

    /** The hooks on a class, by its internal name ({@code com/openai/...}); empty for nearly every class. */
    List<Hook> forInternalName(String internalName) {
        return byClass.getOrDefault(internalName, List.of());
    }

    boolean isEmpty() {
        return byClass.isEmpty();
    }
}
