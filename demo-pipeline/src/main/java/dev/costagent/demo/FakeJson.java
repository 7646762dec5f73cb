package dev.costagent.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;

/**
 * JSON for the fake server. Jackson comes with both SDKs (their public types are built on it), so the demo
 * uses the copy they bring rather than pinning a second version.
 */
final class FakeJson {

    // Thread-safety: an ObjectMapper is thread-safe once configured, and this one is never reconfigured.
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FakeJson() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** Parses a request body; throws {@link IllegalArgumentException} when it is not a JSON object. */
    static JsonNode parseObject(String body) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("The request body must be a JSON object.");
        }
        return node;
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
