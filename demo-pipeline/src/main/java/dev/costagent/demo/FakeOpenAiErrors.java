package dev.costagent.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.costagent.demo.FakeLlmServer.RecordedRequest;

import java.util.Map;

/** What every OpenAI API of {@link FakeLlmServer} checks and answers alike: the key, required fields, errors. */
final class FakeOpenAiErrors {

    private FakeOpenAiErrors() {
    }

    static FakeResponse checkAuth(RecordedRequest request) {
        String auth = request.header("authorization");
        if (auth == null || !auth.startsWith("Bearer ") || auth.length() == "Bearer ".length()) {
            return error(401, "invalid_request_error", "You didn't provide an API key. You need to provide your "
                    + "API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).");
        }
        return null;
    }

    static void requireText(JsonNode body, String field) {
        if (!body.path(field).isTextual()) {
            throw new IllegalArgumentException("Missing required parameter: '" + field + "'.");
        }
    }

    /** OpenAI's error shape: {@code {"error": {message, type, param, code}}}. */
    static FakeResponse error(int status, String type, String message) {
        ObjectNode error = FakeJson.object().put("message", message).put("type", type);
        error.putNull("param");
        error.putNull("code");
        ObjectNode body = FakeJson.object();
        body.set("error", error);
        return FakeResponse.json(status, FakeJson.write(body), Map.of());
    }
}
