package dev.costagent.demo;

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
}
