package dev.costagent.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.costagent.demo.FakeLlmServer.RecordedRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The Anthropic Messages API of {@link FakeLlmServer}: {@code POST /v1/messages}, plain and streaming. The usage
 * rules are documented on {@link FakeLlmServer}.
 */
final class FakeAnthropicApi {

    private final FakePromptCache cache;
    private final FakeIds ids;

    FakeAnthropicApi(FakePromptCache cache, FakeIds ids) {
        this.cache = cache;
        this.ids = ids;
    }

    /** The prompt of one request, counted. */
    private record Prompt(String allText, String task, long totalTokens, String cachedPrefix, long prefixTokens,
                          boolean oneHourTtl) {
    }

    FakeResponse messages(RecordedRequest request) {
        if (request.header("x-api-key") == null && request.header("authorization") == null) {
            return error(401, "authentication_error", "x-api-key header is required");
        }
        JsonNode body;
        Prompt prompt;
        try {
            body = FakeJson.parseObject(request.body());
            require(body, "model", JsonNode::isTextual, "a string");
            require(body, "max_tokens", JsonNode::isIntegralNumber, "an integer");
            require(body, "messages", n -> n.isArray() && !n.isEmpty(), "a non-empty array");
            prompt = prompt(body);
        } catch (IllegalArgumentException e) {
            return error(400, "invalid_request_error", e.getMessage());
        }

        String model = FakeModels.snapshotOf(body.get("model").asText());
        long cacheWrite = 0;
        long cacheRead = 0;
        if (prompt.prefixTokens() > 0) {
            if (cache.firstSight("anthropic", model, prompt.cachedPrefix())) {
                cacheWrite = prompt.prefixTokens();
            } else {
                cacheRead = prompt.prefixTokens();
            }
        }
        long maxTokens = body.get("max_tokens").asLong();
        String reply = FakeReplies.replyTo(prompt.task(), prompt.allText());
        long outputTokens = FakeTokens.of(reply);
        String stopReason = "end_turn";
        if (outputTokens > maxTokens) {
            reply = FakeTokens.truncate(reply, maxTokens);
            outputTokens = maxTokens;
            stopReason = "max_tokens";
        }
        Usage usage = new Usage(prompt.totalTokens() - prompt.prefixTokens(), cacheWrite, cacheRead,
                prompt.oneHourTtl(), outputTokens);
        String id = ids.next("msg_01", 22);
        Map<String, String> headers = Map.of("request-id", ids.requestId());
        if (body.path("stream").asBoolean(false)) {
            return FakeResponse.sse(stream(id, model, reply, stopReason, usage), headers);
        }
        ObjectNode message = message(id, model, stopReason);
        ((ArrayNode) message.get("content")).addObject().put("type", "text").put("text", reply).putNull("citations");
        message.set("usage", usage.toJson(false));
        return FakeResponse.json(200, FakeJson.write(message), headers);
    }

    FakeResponse notFound(RecordedRequest request) {
        return error(404, "not_found_error", "Not found: " + request.method() + " " + request.path());
    }

    // ---------------------------------------------------------------------------------------------- prompt

    private static Prompt prompt(JsonNode body) {
        List<String> pieces = new ArrayList<>();
        StringBuilder prefix = new StringBuilder();
        long prefixTokens = 0;
        boolean oneHour = false;
        JsonNode system = body.path("system");
        if (system.isTextual()) {
            pieces.add(system.asText());
        } else if (system.isArray()) {
            int lastCached = -1;
            for (int i = 0; i < system.size(); i++) {
                if (system.get(i).hasNonNull("cache_control")) {
                    lastCached = i;
                }
            }
            for (int i = 0; i < system.size(); i++) {
                String text = system.get(i).path("text").asText("");
                pieces.add(text);
                if (i <= lastCached) {
                    prefix.append(text).append('\u0000');
                    prefixTokens += FakeTokens.of(text);
                }
            }
            if (lastCached >= 0) {
                oneHour = "1h".equals(system.get(lastCached).path("cache_control").path("ttl").asText());
            }
        }
        String task = "";
        for (JsonNode message : body.get("messages")) {
            List<String> texts = new ArrayList<>();
            collectText(message.path("content"), texts);
            pieces.addAll(texts);
            if ("user".equals(message.path("role").asText())) {
                task = String.join("\n", texts);
            }
        }
        long total = pieces.stream().mapToLong(FakeTokens::of).sum();
        return new Prompt(String.join("\n", pieces), task, total, prefix.toString(), prefixTokens, oneHour);
    }

    /** The text pieces of a message's content: a string, or its {@code text} blocks, also inside tool results. */
    private static void collectText(JsonNode content, List<String> into) {
        if (content.isTextual()) {
            into.add(content.asText());
            return;
        }
        for (JsonNode block : content) {
            String type = block.path("type").asText();
            if ("text".equals(type)) {
                into.add(block.path("text").asText(""));
            } else if ("tool_result".equals(type)) {
                collectText(block.path("content"), into);
            }
        }
    }

    private static void require(JsonNode body, String field, Predicate<JsonNode> valid,
                                String expected) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(field + ": Field required");
        }
        if (!valid.test(value)) {
            throw new IllegalArgumentException(field + ": Input should be " + expected);
        }
    }

    // ---------------------------------------------------------------------------------------------- bodies

    private record Usage(long input, long cacheWrite, long cacheRead, boolean oneHour, long output) {

        ObjectNode toJson(boolean startEvent) {
            ObjectNode u = FakeJson.object()
                    .put("input_tokens", input)
                    .put("cache_creation_input_tokens", cacheWrite)
                    .put("cache_read_input_tokens", cacheRead);
            u.set("cache_creation", FakeJson.object()
                    .put("ephemeral_5m_input_tokens", oneHour ? 0 : cacheWrite)
                    .put("ephemeral_1h_input_tokens", oneHour ? cacheWrite : 0));
            // message_start reports the output produced so far, which is one token in real streams.
            u.put("output_tokens", startEvent ? Math.min(1, output) : output);
            if (!startEvent) {
                u.putNull("server_tool_use");
            }
            u.put("service_tier", "standard");
            return u;
        }

        /** The cumulative usage that message_delta carries. */
        ObjectNode deltaJson() {
            return FakeJson.object()
                    .put("input_tokens", input)
                    .put("cache_creation_input_tokens", cacheWrite)
                    .put("cache_read_input_tokens", cacheRead)
                    .put("output_tokens", output);
        }
    }

    private static ObjectNode message(String id, String model, String stopReason) {
        ObjectNode message = FakeJson.object()
                .put("id", id)
                .put("type", "message")
                .put("role", "assistant")
                .put("model", model);
        message.putArray("content");
        if (stopReason == null) {
            message.putNull("stop_reason");
        } else {
            message.put("stop_reason", stopReason);
        }
        message.putNull("stop_sequence");
        return message;
    }

    private static List<String> stream(String id, String model, String reply, String stopReason, Usage usage) {
        List<String> events = new ArrayList<>();
        ObjectNode start = message(id, model, null);
        start.set("usage", usage.toJson(true));
        events.add(event("message_start", FakeJson.object().put("type", "message_start").set("message", start)));

        ObjectNode blockStart = FakeJson.object().put("type", "content_block_start").put("index", 0);
        blockStart.set("content_block", FakeJson.object().put("type", "text").put("text", ""));
        events.add(event("content_block_start", blockStart));
        events.add(event("ping", FakeJson.object().put("type", "ping")));
        for (String delta : FakeReplies.deltas(reply)) {
            ObjectNode d = FakeJson.object().put("type", "content_block_delta").put("index", 0);
            d.set("delta", FakeJson.object().put("type", "text_delta").put("text", delta));
            events.add(event("content_block_delta", d));
        }
        events.add(event("content_block_stop", FakeJson.object().put("type", "content_block_stop").put("index", 0)));

        ObjectNode messageDelta = FakeJson.object().put("type", "message_delta");
        messageDelta.set("delta", FakeJson.object().put("stop_reason", stopReason).putNull("stop_sequence"));
        messageDelta.set("usage", usage.deltaJson());
        events.add(event("message_delta", messageDelta));
        events.add(event("message_stop", FakeJson.object().put("type", "message_stop")));
        return events;
    }

    private static String event(String name, JsonNode data) {
        return "event: " + name + "\ndata: " + FakeJson.write(data) + "\n\n";
    }

    private static FakeResponse error(int status, String type, String message) {
        return FakeResponse.error(status, type, message);
    }
}
