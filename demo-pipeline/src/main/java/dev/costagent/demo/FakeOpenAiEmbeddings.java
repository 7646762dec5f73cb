package dev.costagent.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.costagent.demo.FakeLlmServer.RecordedRequest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.costagent.demo.FakeOpenAiErrors.checkAuth;
import static dev.costagent.demo.FakeOpenAiErrors.error;
import static dev.costagent.demo.FakeOpenAiErrors.requireText;

/** OpenAI's {@code POST /v1/embeddings} for {@link FakeLlmServer}; the usage rules are documented there. */
final class FakeOpenAiEmbeddings {

    private final FakeIds ids;

    FakeOpenAiEmbeddings(FakeIds ids) {
        this.ids = ids;
    }

    FakeResponse embeddings(RecordedRequest request) {
        FakeResponse refused = checkAuth(request);
        if (refused != null) {
            return refused;
        }
        JsonNode body;
        try {
            body = FakeJson.parseObject(request.body());
            requireText(body, "model");
            if (!body.hasNonNull("input")) {
                throw new IllegalArgumentException("Missing required parameter: 'input'.");
            }
        } catch (IllegalArgumentException e) {
            return error(400, "invalid_request_error", e.getMessage());
        }
        String requested = body.get("model").asText();
        int dimensions = body.hasNonNull("dimensions") ? body.get("dimensions").asInt()
                : requested.contains("3-large") ? 3072 : 1536;
        if (dimensions < 1) {
            return error(400, "invalid_request_error", "'dimensions' must be at least 1.");
        }
        boolean base64 = "base64".equals(body.path("encoding_format").asText());

        // An input is a string, a token array, or an array of either.
        JsonNode input = body.get("input");
        List<JsonNode> inputs = new ArrayList<>();
        if (input.isArray() && !input.isEmpty() && (input.get(0).isTextual() || input.get(0).isArray())) {
            input.forEach(inputs::add);
        } else {
            inputs.add(input);
        }
        ObjectNode out = FakeJson.object().put("object", "list");
        ArrayNode data = out.putArray("data");
        long tokens = 0;
        for (int i = 0; i < inputs.size(); i++) {
            JsonNode one = inputs.get(i);
            String text = one.isTextual() ? one.asText() : one.toString();
            tokens += one.isTextual() ? FakeTokens.of(text) : one.size();
            float[] vector = vector(text, dimensions);
            ObjectNode e = data.addObject().put("object", "embedding").put("index", i);
            if (base64) {
                ByteBuffer bytes = ByteBuffer.allocate(4 * dimensions).order(ByteOrder.LITTLE_ENDIAN);
                for (float f : vector) {
                    bytes.putFloat(f);
                }
                e.put("embedding", Base64.getEncoder().encodeToString(bytes.array()));
            } else {
                ArrayNode values = e.putArray("embedding");
                for (float f : vector) {
                    values.add(f);
                }
            }
        }
        out.put("model", FakeModels.snapshotOf(requested));
        out.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        return FakeResponse.json(200, FakeJson.write(out),
                Map.of("x-request-id", ids.requestId(), "openai-processing-ms", "12"));
    }

    /** A unit vector that depends only on the text, so equal texts embed equally. */
    private static float[] vector(String text, int dimensions) {
        Random random = new Random(text.hashCode() * 31L + dimensions);
        float[] v = new float[dimensions];
        double norm = 0;
        for (int i = 0; i < dimensions; i++) {
            v[i] = (float) random.nextGaussian();
            norm += v[i] * (double) v[i];
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < dimensions; i++) {
            v[i] *= scale;
        }
        return v;
    }
}
