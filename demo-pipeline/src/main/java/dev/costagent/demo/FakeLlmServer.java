package dev.costagent.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A loopback HTTP server that answers like the Anthropic and OpenAI APIs, so that the real SDK clients (and
 * anything built on them) can run without a key and without a network.
 *
 * <p>Point the clients at it:
 * <pre>{@code
 * try (FakeLlmServer server = new FakeLlmServer().start()) {
 *     AnthropicClient anthropic = AnthropicOkHttpClient.builder()
 *             .baseUrl(server.baseUrl()).apiKey("demo").maxRetries(0).build();
 *     OpenAIClient openai = OpenAIOkHttpClient.builder()
 *             .baseUrl(server.openAiBaseUrl()).apiKey("demo").maxRetries(0).build();
 *     ...
 * }
 * }</pre>
 *
 * <h2>Endpoints</h2>
 * <ul>
 *   <li>Anthropic {@code POST /v1/messages}: a JSON {@code Message}, or with {@code "stream": true} the SSE
 *       sequence {@code message_start}, {@code content_block_start}, {@code ping}, {@code content_block_delta}
 *       (several), {@code content_block_stop}, {@code message_delta} (cumulative usage), {@code message_stop}.
 *       Requests need an {@code x-api-key} or an {@code Authorization} header (anthropic-java 3.x sends the key
 *       as {@code Authorization: Bearer}).</li>
 *   <li>OpenAI {@code POST /v1/chat/completions}: a JSON {@code ChatCompletion}, or with {@code "stream": true}
 *       {@code chat.completion.chunk} events ending, when {@code stream_options.include_usage} is true, with a
 *       chunk carrying {@code "choices": []} and the usage, then {@code data: [DONE]}.</li>
 *   <li>OpenAI {@code POST /v1/responses}: a JSON {@code Response}, or with {@code "stream": true} the events
 *       {@code response.created}, {@code response.output_text.delta} (several), {@code response.completed}.</li>
 *   <li>OpenAI {@code POST /v1/embeddings}: one deterministic unit vector per input ({@code dimensions} long,
 *       default 1536, 3072 for {@code text-embedding-3-large}), as floats or, with
 *       {@code "encoding_format": "base64"}, as base64 little-endian float32.</li>
 * </ul>
 * OpenAI requests need an {@code Authorization} header. Anything else gets a 404 in the provider's error
 * shape; a body that is not JSON or lacks a required field gets a 400.
 *
 * <h2>Usage: the exact formula</h2>
 * All counts are deterministic. {@code tokens(s) = ceil(utf8Bytes(s) / 4)}, and 0 for an empty string (see
 * {@link #tokensOf(String)}). Every text piece is counted on its own and the pieces are summed:
 * <ul>
 *   <li>Anthropic pieces: the {@code system} string, or each {@code system} text block; and in every message the
 *       {@code content} string, or each {@code text} block (including those inside {@code tool_result}
 *       blocks).</li>
 *   <li>OpenAI chat pieces: each message's {@code content} string, or each of its {@code text} parts.</li>
 *   <li>OpenAI responses pieces: {@code instructions}, then {@code input} as a string, or each input message's
 *       {@code content} string or each of its {@code input_text} parts.</li>
 *   <li>OpenAI embeddings: each input string (a token array counts its length);
 *       {@code prompt_tokens = total_tokens = Σ tokens(input)}.</li>
 * </ul>
 * Output tokens are {@code min(tokens(reply), cap)}, where the reply is the generated text (see below) and the
 * cap is {@code max_tokens} (Anthropic), {@code max_completion_tokens} or {@code max_tokens} (chat),
 * {@code max_output_tokens} (responses), or unlimited when absent. A capped reply is cut to
 * {@code 4 × cap} bytes and ends with stop reason {@code max_tokens} / finish reason {@code length} / status
 * {@code incomplete}. OpenAI {@code total_tokens = prompt_tokens + completion_tokens}; reasoning tokens are 0.
 *
 * <h2>Prompt caching</h2>
 * The cache lives as long as the server (no expiry; see {@link #clearPromptCache()}) and is keyed by the
 * snapshot model id and the cached prefix text. It has none of the real minimum lengths or 128-token steps.
 * <ul>
 *   <li>Anthropic: the cacheable prefix is the system text blocks up to and including the last one that
 *       carries {@code cache_control}; {@code P = Σ tokens(block)} over them. The first request with that prefix
 *       writes it: {@code cache_creation_input_tokens = P}, and {@code cache_creation.ephemeral_1h_input_tokens
 *       = P} if that last block's {@code cache_control.ttl} is {@code "1h"}, else
 *       {@code ephemeral_5m_input_tokens = P}. Later requests read it: {@code cache_read_input_tokens = P}.
 *       Either way {@code input_tokens} EXCLUDES the prefix: {@code input_tokens = Σ tokens(all pieces) − P}.
 *       Without {@code cache_control} both cache fields are 0.</li>
 *   <li>OpenAI (chat and responses share one cache): the cacheable prefix is the leading {@code system} /
 *       {@code developer} messages (and, for responses, {@code instructions}); {@code P = Σ tokens} over them.
 *       The first request with a given prefix has {@code cached_tokens = 0}; every later one has
 *       {@code cached_tokens = P}. {@code prompt_tokens} (or {@code input_tokens}) INCLUDES the cached tokens.
 *       Responses also report {@code cache_write_tokens = 0}.</li>
 * </ul>
 *
 * <h2>Models</h2>
 * The response's {@code model} is the requested id mapped to its dated snapshot where one is known (e.g.
 * {@code claude-sonnet-4-5} → {@code claude-sonnet-4-5-20250929}, {@code gpt-4o-mini} →
 * {@code gpt-4o-mini-2024-07-18}); any other id is echoed unchanged. See {@link #snapshotOf(String)}.
 *
 * <h2>Reply text</h2>
 * Plausible and deterministic, derived from the last user text: a request to rank ideas gets a numbered
 * ranking of the ideas listed in it; a request to critique an idea gets a verdict, a score out of 10,
 * strengths and risks; a request for N ideas gets N startup ideas chosen by a hash of the prompt from a fixed
 * list of 24 (N is capped at 24); anything else gets a short generic answer.
 *
 * <h2>Test hooks</h2>
 * {@link #requests()} records every request in arrival order; {@link #overrideNextResponse} serves an exact
 * body for the next request to a path; {@link #onRequest} runs code on the serving thread before it answers.
 * Requests are served concurrently, on daemon threads.
 *
 * <p>Thread-safety: every public method may be called from any thread, including while requests are served.
 */
public final class FakeLlmServer implements AutoCloseable {

    /** One request as the server received it. */
    public record RecordedRequest(String method, String path, String query, Map<String, String> headers,
                                  String body) {

        /**
         * A header's first value.
         *
         * @param name the header name, any case
         * @return the value, or null when the header was not sent
         */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private record CannedResponse(int status, String contentType, String body) {
    }

    private final List<RecordedRequest> received = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Queue<CannedResponse>> overrides = new ConcurrentHashMap<>();
    private final FakePromptCache promptCache = new FakePromptCache();
    private final FakeIds ids = new FakeIds();
    private final FakeAnthropicApi anthropic = new FakeAnthropicApi(promptCache, ids);
    private final FakeOpenAiApi openAi = new FakeOpenAiApi(promptCache, ids);
    private final FakeOpenAiEmbeddings embeddings = new FakeOpenAiEmbeddings(ids);
    private volatile Consumer<RecordedRequest> requestHook = r -> { };
    private volatile HttpServer server;
    private volatile ExecutorService executor;

    /** Creates a server; call {@link #start()} to bind it. */
    public FakeLlmServer() {
    }

    /**
     * Binds to a free port on 127.0.0.1 and starts serving.
     *
     * @return this server
     * @throws IOException           if no port can be bound
     * @throws IllegalStateException if already started
     */
    public synchronized FakeLlmServer start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-llm-server-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(pool);
        http.createContext("/", this::handle);
        http.start();
        executor = pool;
        server = http;
        return this;
    }

    /**
     * The bound port.
     *
     * @return the port
     * @throws IllegalStateException if not started
     */
    public int port() {
        HttpServer s = server;
        if (s == null) {
            throw new IllegalStateException("not started");
        }
        return s.getAddress().getPort();
    }

    /**
     * The base URL for the Anthropic client (which appends {@code /v1/messages} itself).
     *
     * @return e.g. {@code http://127.0.0.1:41234}
     */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /**
     * The base URL for the OpenAI client (which expects it to end in {@code /v1}).
     *
     * @return {@link #baseUrl()} + {@code "/v1"}
     */
    public String openAiBaseUrl() {
        return baseUrl() + "/v1";
    }

    /** Stops serving at once and releases the port and the threads. Safe to call more than once. */
    @Override
    public synchronized void close() {
        HttpServer s = server;
        if (s != null) {
            s.stop(0);
            executor.shutdownNow();
        }
    }

    // ---------------------------------------------------------------------------------------------- hooks

    /**
     * Every request received so far, in arrival order.
     *
     * @return an immutable snapshot
     */
    public List<RecordedRequest> requests() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /**
     * The requests received so far for one path, in arrival order.
     *
     * @param path e.g. {@code /v1/messages}
     * @return an immutable snapshot
     */
    public List<RecordedRequest> requests(String path) {
        return requests().stream().filter(r -> r.path().equals(path)).toList();
    }

    /**
     * How many requests were received so far.
     *
     * @return the count
     */
    public int requestCount() {
        return received.size();
    }

    /**
     * How many requests were received so far for one path.
     *
     * @param path e.g. {@code /v1/chat/completions}
     * @return the count
     */
    public int requestCount(String path) {
        return requests(path).size();
    }

    /** Forgets the recorded requests. */
    public void clearRequests() {
        received.clear();
    }

    /** Forgets every cached prompt prefix, so the next request writes (Anthropic) or misses (OpenAI) again. */
    public void clearPromptCache() {
        promptCache.clear();
    }

    /**
     * Serves {@code body} with status 200 to the next request for {@code path}, instead of the generated answer.
     * The content type is {@code text/event-stream} when the body starts with {@code event:} or {@code data:},
     * else {@code application/json}. Overrides queue up: each one answers one request, first in first out.
     *
     * @param path the request path, without query, e.g. {@code /v1/messages}
     * @param body the exact body to send
     */
    public void overrideNextResponse(String path, String body) {
        String trimmed = body.stripLeading();
        boolean sse = trimmed.startsWith("event:") || trimmed.startsWith("data:");
        overrideNextResponse(path, 200, sse ? "text/event-stream" : "application/json", body);
    }

    /**
     * Serves an exact response to the next request for {@code path} (any method), instead of the generated
     * answer. Overrides queue up: each one answers one request, first in first out.
     *
     * @param path        the request path, without query, e.g. {@code /v1/chat/completions}
     * @param status      the HTTP status, e.g. 200 or 429
     * @param contentType the {@code Content-Type} header
     * @param body        the exact body to send
     */
    public void overrideNextResponse(String path, int status, String contentType, String body) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        overrides.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>())
                .add(new CannedResponse(status, contentType, body));
    }

    /**
     * Runs {@code hook} on the serving thread for every request, after it is recorded and before it is
     * answered (e.g. to hold requests at a barrier). A hook that throws makes the request fail with a 500.
     *
     * @param hook the hook; replaces any previous one
     */
    public void onRequest(Consumer<RecordedRequest> hook) {
        requestHook = Objects.requireNonNull(hook, "hook");
    }

    // ---------------------------------------------------------------------------------------------- rules

    /**
     * The token count of a text piece: {@code ceil(utf8Bytes / 4)}, 0 for an empty or null string.
     *
     * @param text the text
     * @return the token count
     */
    public static long tokensOf(String text) {
        return FakeTokens.of(text);
    }

    /**
     * The model id a response names for a requested model: its dated snapshot where one is known.
     *
     * @param requested the requested model id
     * @return e.g. {@code claude-sonnet-4-5-20250929} for {@code claude-sonnet-4-5}; unknown ids unchanged
     */
    public static String snapshotOf(String requested) {
        return FakeModels.snapshotOf(requested);
    }

    // ---------------------------------------------------------------------------------------------- serving

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            RecordedRequest request = record(exchange);
            FakeResponse response;
            try {
                requestHook.accept(request);
                response = answer(request);
            } catch (RuntimeException e) {
                response = FakeResponse.error(500, "api_error", "fake LLM server failed: " + e);
            }
            response.sendTo(exchange);
        }
    }

    private RecordedRequest record(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!values.isEmpty()) {
                headers.put(name.toLowerCase(Locale.ROOT), values.get(0));
            }
        });
        RecordedRequest request = new RecordedRequest(exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(), exchange.getRequestURI().getRawQuery(),
                Collections.unmodifiableMap(headers), body);
        received.add(request);
        return request;
    }

    private FakeResponse answer(RecordedRequest request) {
        Queue<CannedResponse> queue = overrides.get(request.path());
        CannedResponse canned = queue == null ? null : queue.poll();
        if (canned != null) {
            return new FakeResponse(canned.status(), canned.contentType(), Map.of(), List.of(canned.body()));
        }
        boolean post = "POST".equals(request.method());
        switch (request.path()) {
            case "/v1/messages":
                return post ? anthropic.messages(request) : anthropic.notFound(request);
            case "/v1/chat/completions":
                return post ? openAi.chatCompletions(request) : openAi.notFound(request);
            case "/v1/responses":
                return post ? openAi.responses(request) : openAi.notFound(request);
            case "/v1/embeddings":
                return post ? embeddings.embeddings(request) : openAi.notFound(request);
            default:
                return request.header("x-api-key") != null || request.header("anthropic-version") != null
                        ? anthropic.notFound(request) : openAi.notFound(request);
        }
    }
}
