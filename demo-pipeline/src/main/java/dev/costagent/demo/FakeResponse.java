package dev.costagent.demo;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * What {@link FakeLlmServer} sends back: one chunk for a plain body, several for a stream (each flushed on its
 * own, as a real server sends server-sent events).
 */
record FakeResponse(int status, String contentType, Map<String, String> headers, List<String> chunks) {

    static FakeResponse json(int status, String body, Map<String, String> headers) {
        return new FakeResponse(status, "application/json", headers, List.of(body));
    }

    static FakeResponse sse(List<String> events, Map<String, String> headers) {
        return new FakeResponse(200, "text/event-stream; charset=utf-8", headers, List.copyOf(events));
    }

    /** An error in the shape both providers' clients read: {@code {"type":"error","error":{type, message}}}. */
    static FakeResponse error(int status, String type, String message) {
        String body = FakeJson.write(FakeJson.object()
                .put("type", "error")
                .set("error", FakeJson.object().put("type", type).put("message", message)));
        return json(status, body, Map.of());
    }

    /** Writes this response to the exchange: one body, or a stream sent chunk by chunk. */
    void sendTo(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType());
        headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        if (chunks().size() == 1) {
            byte[] bytes = chunks().get(0).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
            return;
        }
        // Streams go out chunk by chunk, flushed, as a real server sends events.
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(status(), 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (String chunk : chunks()) {
                out.write(chunk.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
    }
}
