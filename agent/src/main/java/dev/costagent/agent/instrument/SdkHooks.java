package dev.costagent.agent.instrument;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The SDK client methods the agent hooks, so that programs are priced without annotations. Most entries name a
 * service implementation class (the class the client really calls, found with javap and at run time) and a method
 * of it; the one-argument and structured-output overloads of the SDKs are interface defaults that delegate to
 * these methods, so hooking these covers them. A few entries name an interface instead ({@link Hook#subtypes}):
 * every class implementing it is hooked, found through the class file's super types without loading anything.
 *
 * <p>Checked against anthropic-java 3.12.0 (and 2.52.0, which Spring AI 2.0.1 brings), openai-java 4.101.0
 * (and 4.49.0), langchain4j-core 1.20.0 (providers langchain4j-open-ai and langchain4j-anthropic 1.19.0),
 * spring-ai-model 2.0.1, google-genai 1.70.0 and AWS bedrockruntime 2.54.14.
 */
public final class SdkHooks {

    /** What a hooked method returns or receives, which decides how its usage is read. */
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
        /** A Reactor {@code Flux} of responses (Spring AI): usage is on the last one that carries any. */
        FLUX,
        /**
         * A Google GenAI {@code ResponseStream} (a class, so no stand-in can replace it), or a future of one: it is
         * remembered, and its {@link #STREAM_ITERATOR iterator} is observed.
         */
        REGISTERED_STREAM,
        /** The iterator of a remembered stream ({@code ResponseStream#iterator()}), replaced by an observing one. */
        STREAM_ITERATOR,
        /** Ends a remembered stream ({@code ResponseStream#close()}); advised on entry only. */
        STREAM_CLOSE,
        /**
         * LangChain4j's listener notification of a request ({@code ChatModelListenerUtils.onRequest}), made on the
         * caller's thread by every chat path; advised on entry only. A streaming call is remembered by its
         * per-call attributes map (argument 2), with the caller's stage.
         */
        LISTENER_REQUEST,
        /**
         * LangChain4j's listener notification of a response ({@code ChatModelListenerUtils.onResponse}), with
         * the {@code ChatResponse} as argument 0 and the attributes map as argument 3; advised on entry only.
         */
        LISTENER_RESPONSE,
        /**
         * Bedrock {@code converseStream(request, handler)}: the handler (argument 1) is replaced by one that
         * observes the events; advised on entry only.
         */
        STREAM_HANDLER,
    }

    /** Where the model id of a call comes from when its response names none. */
    public enum ModelFrom {
        /** Only the response (and a tracked call's {@code model}). */
        RESPONSE,
        /** Argument 0, a {@code String} (Google GenAI's {@code model}). */
        STRING_ARGUMENT,
        /** Argument 0's {@code modelId()} (Bedrock's {@code ConverseRequest}, {@code ConverseStreamRequest}). */
        REQUEST_MODEL_ID,
    }

    /**
     * One hooked method: {@code className#method} taking {@code arguments} parameters, the first of type
     * {@code firstParameter} when that is not null.
     *
     * @param subtypes  whether {@code className} is an interface whose implementations are hooked, rather than
     *                  the class itself
     * @param modelFrom where the model comes from when the response names none
     */
    public record Hook(String className, String method, int arguments, Returns returns, String operation,
                       String firstParameter, boolean subtypes, ModelFrom modelFrom) {

        Hook(String className, String method, int arguments, Returns returns, String operation) {
            this(className, method, arguments, returns, operation, null, false, ModelFrom.RESPONSE);
        }

        /** Whether the advice runs on entry only: the method's arguments are all it needs. */
        boolean entryOnly() {
            return returns == Returns.STREAM_CLOSE || returns == Returns.LISTENER_REQUEST
                    || returns == Returns.LISTENER_RESPONSE || returns == Returns.STREAM_HANDLER;
        }
    }

    private static final String ANTHROPIC = "com.anthropic.services.";
    private static final String OPENAI = "com.openai.services.";
    private static final String LANGCHAIN4J = "dev.langchain4j.model.chat.";
    private static final String SPRING_AI = "org.springframework.ai.chat.";
    private static final String GENAI = "com.google.genai.";
    private static final String BEDROCK = "software.amazon.awssdk.services.bedrockruntime.";

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
            new Hook(OPENAI + "async.CompletionServiceAsyncImpl", "createStreaming", 2, Returns.ASYNC_STREAM, "openai.completions.stream"),
            // LangChain4j: the interface defaults every ChatModel runs (providers override doChat, not chat), then
            // the listener notifications, which every streaming path makes, for streams.
            new Hook(LANGCHAIN4J + "ChatModel", "chat", 2, Returns.RESPONSE, "langchain4j.chat",
                    LANGCHAIN4J + "request.ChatRequest", false, ModelFrom.RESPONSE),
            new Hook(LANGCHAIN4J + "ChatModel", "chatAsync", 2, Returns.RESPONSE, "langchain4j.chat",
                    LANGCHAIN4J + "request.ChatRequest", false, ModelFrom.RESPONSE),
            new Hook(LANGCHAIN4J + "ChatModelListenerUtils", "onRequest", 4, Returns.LISTENER_REQUEST,
                    "langchain4j.chat.stream", LANGCHAIN4J + "request.ChatRequest", false, ModelFrom.RESPONSE),
            new Hook(LANGCHAIN4J + "ChatModelListenerUtils", "onResponse", 5, Returns.LISTENER_RESPONSE,
                    "langchain4j.chat.stream", LANGCHAIN4J + "response.ChatResponse", false, ModelFrom.RESPONSE),
            // Spring AI: every implementation of ChatModel (its call and stream take a Prompt).
            new Hook(SPRING_AI + "model.ChatModel", "call", 1, Returns.RESPONSE, "spring-ai.chat.call",
                    SPRING_AI + "prompt.Prompt", true, ModelFrom.RESPONSE),
            new Hook(SPRING_AI + "model.StreamingChatModel", "stream", 1, Returns.FLUX, "spring-ai.chat.stream",
                    SPRING_AI + "prompt.Prompt", true, ModelFrom.RESPONSE),
            // Google GenAI: the package-private methods that make one HTTP call each; the public generateContent
            // loops over them for automatic function calling.
            new Hook(GENAI + "Models", "privateGenerateContent", 3, Returns.RESPONSE, "google.models.generate_content",
                    "java.lang.String", false, ModelFrom.STRING_ARGUMENT),
            new Hook(GENAI + "Models", "privateGenerateContentStream", 3, Returns.REGISTERED_STREAM,
                    "google.models.generate_content_stream", "java.lang.String", false, ModelFrom.STRING_ARGUMENT),
            new Hook(GENAI + "AsyncModels", "privateGenerateContent", 3, Returns.RESPONSE,
                    "google.models.generate_content", "java.lang.String", false, ModelFrom.STRING_ARGUMENT),
            new Hook(GENAI + "AsyncModels", "privateGenerateContentStream", 3, Returns.REGISTERED_STREAM,
                    "google.models.generate_content_stream", "java.lang.String", false, ModelFrom.STRING_ARGUMENT),
            new Hook(GENAI + "ResponseStream", "iterator", 0, Returns.STREAM_ITERATOR, "google.models.generate_content_stream"),
            new Hook(GENAI + "ResponseStream", "close", 0, Returns.STREAM_CLOSE, "google.models.generate_content_stream"),
            // AWS Bedrock Runtime Converse: the response names no model; the request does.
            new Hook(BEDROCK + "DefaultBedrockRuntimeClient", "converse", 1, Returns.RESPONSE, "bedrock.converse",
                    BEDROCK + "model.ConverseRequest", false, ModelFrom.REQUEST_MODEL_ID),
            new Hook(BEDROCK + "DefaultBedrockRuntimeAsyncClient", "converse", 1, Returns.RESPONSE, "bedrock.converse",
                    BEDROCK + "model.ConverseRequest", false, ModelFrom.REQUEST_MODEL_ID),
            new Hook(BEDROCK + "DefaultBedrockRuntimeAsyncClient", "converseStream", 2, Returns.STREAM_HANDLER,
                    "bedrock.converse_stream", BEDROCK + "model.ConverseStreamRequest", false,
                    ModelFrom.REQUEST_MODEL_ID));

    private final Map<String, List<Hook>> byClass;
    private final List<Hook> bySupertype;
    /** Per supertype hook: text its implementations' constant pools must hold (the first parameter's descriptor). */
    private final byte[][] supertypeMarkers;
    private static final byte[][] NO_STRINGS = new byte[0][];

    private SdkHooks(List<Hook> hooks) {
        Map<String, List<Hook>> m = new HashMap<>();
        List<Hook> subtypes = new ArrayList<>();
        List<byte[]> markers = new ArrayList<>();
        for (Hook h : hooks) {
            if (h.subtypes()) {
                subtypes.add(h);
                byte[] marker = ("(L" + h.firstParameter().replace('.', '/') + ";").getBytes(StandardCharsets.US_ASCII);
                boolean known = false;
                for (byte[] m2 : markers) {
                    known |= Arrays.equals(m2, marker);
                }
                if (!known) {
                    // Spring AI's two interfaces take the same Prompt: one scan of each class file serves both.
                    markers.add(marker);
                }
            } else {
                String name = h.className().replace('.', '/');
                List<Hook> onClass = m.get(name);
                if (onClass == null) {
                    onClass = new ArrayList<>();
                    m.put(name, onClass);
                }
                onClass.add(h);
            }
        }
        for (Map.Entry<String, List<Hook>> e : m.entrySet()) {
            e.setValue(List.copyOf(e.getValue()));
        }
        this.byClass = Map.copyOf(m);
        this.bySupertype = List.copyOf(subtypes);
        this.supertypeMarkers = markers.toArray(new byte[0][]);
    }

    /** The hooks in force: all of them, or none when {@code costagent.sdks=false}. */
    public static SdkHooks of(boolean enabled) {
        return new SdkHooks(enabled ? ALL : List.of());
    }

    /** The hooks on a class, by its internal name ({@code com/openai/...}); empty for nearly every class. */
    List<Hook> forInternalName(String internalName) {
        return byClass.getOrDefault(internalName, List.of());
    }

    /**
     * Whether a class may implement an interface hooked by {@link Hook#subtypes}: its constant pool holds the
     * descriptor of the hooked method's first parameter, which a class declaring that method must. A byte scan,
     * so that nearly every class is rejected before its super types are looked at.
     */
    boolean mayImplementHooked(byte[] classFile) {
        int found = ConstantPoolScan.find(classFile, NO_STRINGS, supertypeMarkers);
        return found == ConstantPoolScan.UNREADABLE ? bytesMayImplementHooked(classFile) : found != 0;
    }

    /** {@link #mayImplementHooked} by a search of the whole file, for a constant pool that cannot be walked. */
    boolean bytesMayImplementHooked(byte[] classFile) {
        for (byte[] marker : supertypeMarkers) {
            if (CostTransformer.contains(classFile, marker)) {
                return true;
            }
        }
        return false;
    }

    /** The texts of {@link #mayImplementHooked}, for a caller that walks the constant pool for more at once. */
    byte[][] supertypeMarkers() {
        return supertypeMarkers;
    }

    /**
     * The hooks that apply to a class: those naming it, and those naming an interface it implements. Super types
     * are read from class files through {@code loader}'s resources, so nothing is loaded; one that cannot be read
     * counts as not implemented.
     */
    List<Hook> forClass(String internalName, String superName, String[] interfaces, ClassLoader loader,
                        byte[] classFile) {
        List<Hook> exact = forInternalName(internalName);
        // A class that never names the hooked method's parameter type declares no such method, so there is
        // nothing to hook in it whatever it implements: its super types are not read (class files, I/O).
        if (bySupertype.isEmpty() || !mayImplementHooked(classFile)) {
            return exact;
        }
        List<Hook> out = null;
        for (Hook h : bySupertype) {
            if (SuperTypes.implementsInterface(superName, interfaces, h.className().replace('.', '/'), loader)) {
                if (out == null) {
                    out = new ArrayList<>(exact);
                }
                out.add(h);
            }
        }
        return out == null ? exact : out;
    }

    /**
     * Whether hooks may apply to a class already loaded (for retransformation after an attach): one names it, or
     * it implements an interface hooked by {@link Hook#subtypes}. Reads the loaded class's own hierarchy.
     */
    public boolean mayApplyToLoaded(Class<?> type) {
        if (!forInternalName(type.getName().replace('.', '/')).isEmpty()) {
            return true;
        }
        for (Hook h : bySupertype) {
            if (implementsByName(type, h.className())) {
                return true;
            }
        }
        return false;
    }

    private static boolean implementsByName(Class<?> type, String interfaceName) {
        java.util.ArrayDeque<Class<?>> pending = new java.util.ArrayDeque<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            pending.add(c);
        }
        java.util.Set<Class<?>> seen = new java.util.HashSet<>();
        while (!pending.isEmpty()) {
            Class<?> c = pending.poll();
            if (!seen.add(c)) {
                continue;
            }
            if (c.getName().equals(interfaceName)) {
                return true;
            }
            pending.addAll(java.util.Arrays.asList(c.getInterfaces()));
        }
        return false;
    }

    boolean isEmpty() {
        return byClass.isEmpty() && bySupertype.isEmpty();
    }
}
