package dev.costagent.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * A loopback server for Bedrock's {@code POST /model/{id}/converse-stream}, whose body is AWS's binary event
 * stream (which the text-only fake LLM server cannot send): messageStart, one contentBlockDelta, messageStop and
 * the metadata event carrying the usage, encoded with the AWS SDK's own event-stream library.
 */
final class BedrockEventStreamServer implements AutoCloseable {

    /** The usage of the stream's metadata event: 100 in, 50 out, 200 cache reads, 40 cache writes. */
    static final String USAGE = "{\"inputTokens\":100,\"outputTokens\":50,\"totalTokens\":390,"
            + "\"cacheReadInputTokens\":200,\"cacheWriteInputTokens\":40}";

    private final HttpServer http;
    private volatile int served;

    BedrockEventStreamServer() throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        http.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                byte[] body = body();
                exchange.getResponseHeaders().set("Content-Type", "application/vnd.amazon.eventstream");
                exchange.sendResponseHeaders(exchange.getRequestURI().getPath().endsWith("/converse-stream") ? 200 : 404,
                        body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
                served++;
            }
        });
        http.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    int served() {
        return served;
    }

    private static byte[] body() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        event(out, "messageStart", "{\"role\":\"assistant\"}");
        event(out, "contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hello!\"}}");
        event(out, "messageStop", "{\"stopReason\":\"end_turn\"}");
        event(out, "metadata", "{\"usage\":" + USAGE + ",\"metrics\":{\"latencyMs\":12}}");
        return out.toByteArray();
    }

    private static void event(ByteArrayOutputStream out, String type, String json) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":message-type", HeaderValue.fromString("event"));
        headers.put(":event-type", HeaderValue.fromString(type));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        try {
            new Message(headers, json.getBytes(StandardCharsets.UTF_8)).encode(out);
        } catch (RuntimeException e) {
            throw new UncheckedIOException(new IOException("cannot encode " + type, e));
        }
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
