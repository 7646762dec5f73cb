package dev.costagent.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.costagent.demo.FakeLlmServer.RecordedRequest;

import static dev.costagent.demo.FakeOpenAiErrors.checkAuth;
import static dev.costagent.demo.FakeOpenAiErrors.error;
import static dev.costagent.demo.FakeOpenAiErrors.requireText;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The OpenAI APIs of {@link FakeLlmServer}: chat completions (plain and streaming) and responses (plain and
 * streaming); embeddings are {@link FakeOpenAiEmbeddings}. The usage rules are documented on {@link FakeLlmServer}.
 */
final class FakeOpenAiApi {

    private final FakePromptCache cache;
    private final FakeIds ids;

    FakeOpenAiApi(FakePromptCache cache, FakeIds ids) {
        this.cache = cache;
        this.ids = ids;
    }

    /** The prompt of one request, counted; the prefix is the part the prompt cache may hold. */
    private record Prompt(String allText, String task, long totalTokens, String prefix, long prefixTokens) {
    }

    /** Builds a {@link Prompt} piece by piece. */
    private static final class PromptBuilder {
        private final List<String> pieces = new ArrayList<>();
        private final StringBuilder prefix = new StringBuilder();
        private long prefixTokens;
        private boolean inPrefix = true;
        private String task = "";

        void add(String role, List<String> texts) {
            boolean instruction = "system".equals(role) || "developer".equals(role);
            inPrefix &= instruction;
            for (String text : texts) {
                pieces.add(text);
                if (inPrefix) {
                    prefix.append(text).append('\u0000');
                    prefixTokens += FakeTokens.of(text);
                }
            }
            if ("user".equals(role)) {
                task = String.join("\n", texts);
            }
        }

        Prompt build() {
            long total = pieces.stream().mapToLong(FakeTokens::of).sum();
            return new Prompt(String.join("\n", pieces), task, total, prefix.toString(), prefixTokens);
        }
    }

    /** The reply and its output tokens after the request's cap. */
    private record Reply(String text, long tokens, boolean capped) {

        static Reply of(Prompt prompt, JsonNode cap) {
            String text = FakeReplies.replyTo(prompt.task(), prompt.allText());
            long tokens = FakeTokens.of(text);
            if (cap != null && cap.canConvertToLong() && tokens > cap.asLong()) {
                return new Reply(FakeTokens.truncate(text, cap.asLong()), cap.asLong(), true);
            }
            return new Reply(text, tokens, false);
        }
    }

    // ---------------------------------------------------------------------------------------------- chat

    FakeResponse chatCompletions(RecordedRequest request) {
        FakeResponse refused = checkAuth(request);
        if (refused != null) {
            return refused;
        }
        JsonNode body;
        Prompt prompt;
        try {
            body = FakeJson.parseObject(request.body());
            requireText(body, "model");
            JsonNode messages = body.get("messages");
            if (messages == null || !messages.isArray() || messages.isEmpty()) {
                throw new IllegalArgumentException("'messages' must be a non-empty array.");
            }
            PromptBuilder builder = new PromptBuilder();
            for (JsonNode message : messages) {
                builder.add(message.path("role").asText(), texts(message.path("content"), "text"));
            }
            prompt = builder.build();
        } catch (IllegalArgumentException e) {
            return error(400, "invalid_request_error", e.getMessage());
        }
        String model = FakeModels.snapshotOf(body.get("model").asText());
        long cached = cachedTokens(model, prompt);
        JsonNode cap = body.hasNonNull("max_completion_tokens") ? body.get("max_completion_tokens")
                : body.get("max_tokens");
        Reply reply = Reply.of(prompt, cap);
        String finish = reply.capped() ? "length" : "stop";
        ObjectNode usage = chatUsage(prompt.totalTokens(), cached, reply.tokens());
        String id = ids.next("chatcmpl-", 29);
        long created = Instant.now().getEpochSecond();
        Map<String, String> headers = Map.of("x-request-id", ids.requestId(), "openai-processing-ms", "42");

        if (body.path("stream").asBoolean(false)) {
            boolean includeUsage = body.path("stream_options").path("include_usage").asBoolean(false);
            List<String> events = new ArrayList<>();
            ObjectNode first = FakeJson.object().put("role", "assistant").put("content", "");
            first.putNull("refusal");
            events.add(data(chunk(id, created, model, first, null, includeUsage)));
            for (String delta : FakeReplies.deltas(reply.text())) {
                events.add(data(chunk(id, created, model, FakeJson.object().put("content", delta), null,
                        includeUsage)));
            }
            events.add(data(chunk(id, created, model, FakeJson.object(), finish, includeUsage)));
            if (includeUsage) {
                ObjectNode last = chunkHeader(id, created, model);
                last.putArray("choices");
                last.set("usage", usage);
                events.add(data(last));
            }
            events.add("data: [DONE]\n\n");
            return FakeResponse.sse(events, headers);
        }

        ObjectNode completion = FakeJson.object()
                .put("id", id)
                .put("object", "chat.completion")
                .put("created", created)
                .put("model", model);
        ObjectNode choice = completion.putArray("choices").addObject().put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant").put("content", reply.text());
        message.putNull("refusal");
        message.putArray("annotations");
        choice.putNull("logprobs");
        choice.put("finish_reason", finish);
        completion.set("usage", usage);
        completion.put("service_tier", "default").put("system_fingerprint", fingerprint(model));
        return FakeResponse.json(200, FakeJson.write(completion), headers);
    }

    private static ObjectNode chatUsage(long promptTokens, long cached, long completionTokens) {
        ObjectNode usage = FakeJson.object()
                .put("prompt_tokens", promptTokens)
                .put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
        usage.putObject("prompt_tokens_details").put("cached_tokens", cached).put("audio_tokens", 0);
        usage.putObject("completion_tokens_details")
                .put("reasoning_tokens", 0)
                .put("audio_tokens", 0)
                .put("accepted_prediction_tokens", 0)
                .put("rejected_prediction_tokens", 0);
        return usage;
    }

    private static ObjectNode chunkHeader(String id, long created, String model) {
        return FakeJson.object()
                .put("id", id)
                .put("object", "chat.completion.chunk")
                .put("created", created)
                .put("model", model)
                .put("service_tier", "default")
                .put("system_fingerprint", fingerprint(model));
    }

    private static ObjectNode chunk(String id, long created, String model, ObjectNode delta, String finish,
                                    boolean includeUsage) {
        ObjectNode chunk = chunkHeader(id, created, model);
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
        }
        // With include_usage every chunk but the last carries "usage": null; without it the field is absent.
        if (includeUsage) {
            chunk.putNull("usage");
        }
        return chunk;
    }

    // ---------------------------------------------------------------------------------------------- responses

    FakeResponse responses(RecordedRequest request) {
        FakeResponse refused = checkAuth(request);
        if (refused != null) {
            return refused;
        }
        JsonNode body;
        Prompt prompt;
        try {
            body = FakeJson.parseObject(request.body());
            requireText(body, "model");
            PromptBuilder builder = new PromptBuilder();
            if (body.hasNonNull("instructions")) {
                builder.add("system", List.of(body.get("instructions").asText()));
            }
            JsonNode input = body.get("input");
            if (input == null || input.isNull()) {
                throw new IllegalArgumentException("Missing required parameter: 'input'.");
            }
            if (input.isTextual()) {
                builder.add("user", List.of(input.asText()));
            } else {
                for (JsonNode item : input) {
                    if (item.has("role")) {
                        builder.add(item.path("role").asText(),
                                texts(item.path("content"), "input_text", "output_text", "text"));
                    }
                }
            }
            prompt = builder.build();
        } catch (IllegalArgumentException e) {
            return error(400, "invalid_request_error", e.getMessage());
        }
        String model = FakeModels.snapshotOf(body.get("model").asText());
        long cached = cachedTokens(model, prompt);
        Reply reply = Reply.of(prompt, body.get("max_output_tokens"));

        ObjectNode usage = FakeJson.object().put("input_tokens", prompt.totalTokens());
        usage.putObject("input_tokens_details").put("cached_tokens", cached).put("cache_write_tokens", 0);
        usage.put("output_tokens", reply.tokens());
        usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
        usage.put("total_tokens", prompt.totalTokens() + reply.tokens());

        String id = "resp_" + hex(ids.next("", 24));
        String messageId = "msg_" + hex(ids.next("", 24));
        long created = Instant.now().getEpochSecond();
        ObjectNode done = response(id, created, model, body, reply.capped() ? "incomplete" : "completed");
        ObjectNode item = ((ArrayNode) done.get("output")).addObject()
                .put("id", messageId)
                .put("type", "message")
                .put("status", reply.capped() ? "incomplete" : "completed")
                .put("role", "assistant");
        ObjectNode text = item.putArray("content").addObject().put("type", "output_text").put("text", reply.text());
        text.putArray("annotations");
        text.putArray("logprobs");
        if (reply.capped()) {
            done.putObject("incomplete_details").put("reason", "max_output_tokens");
        }
        done.set("usage", usage);
        Map<String, String> headers = Map.of("x-request-id", ids.requestId(), "openai-processing-ms", "42");

        if (!body.path("stream").asBoolean(false)) {
            return FakeResponse.json(200, FakeJson.write(done), headers);
        }
        List<String> events = new ArrayList<>();
        int sequence = 0;
        ObjectNode created0 = response(id, created, model, body, "in_progress");
        created0.putNull("usage");
        events.add(event("response.created", sequence++, FakeJson.object().set("response", created0)));
        for (String delta : FakeReplies.deltas(reply.text())) {
            ObjectNode d = FakeJson.object()
                    .put("item_id", messageId)
                    .put("output_index", 0)
                    .put("content_index", 0)
                    .put("delta", delta);
            d.putArray("logprobs");
            events.add(event("response.output_text.delta", sequence++, d));
        }
        events.add(event(reply.capped() ? "response.incomplete" : "response.completed", sequence,
                FakeJson.object().set("response", done)));
        return FakeResponse.sse(events, headers);
    }

    private static ObjectNode response(String id, long created, String model, JsonNode request, String status) {
        ObjectNode r = FakeJson.object()
                .put("id", id)
                .put("object", "response")
                .put("created_at", created)
                .put("status", status);
        r.putNull("error");
        r.putNull("incomplete_details");
        r.set("instructions", request.path("instructions").isMissingNode() ? null : request.get("instructions"));
        r.set("max_output_tokens", request.get("max_output_tokens"));
        r.put("model", model);
        r.putArray("output");
        r.put("parallel_tool_calls", true);
        r.set("previous_response_id", request.get("previous_response_id"));
        r.putObject("reasoning").putNull("effort").putNull("summary");
        r.put("store", request.path("store").asBoolean(true));
        r.put("temperature", request.path("temperature").asDouble(1.0));
        r.putObject("text").putObject("format").put("type", "text");
        r.put("tool_choice", "auto");
        r.putArray("tools");
        r.put("top_p", request.path("top_p").asDouble(1.0));
        r.put("truncation", "disabled");
        r.putNull("usage");
        r.putNull("user");
        r.set("metadata", request.hasNonNull("metadata") ? request.get("metadata") : FakeJson.object());
        return r;
    }

    private static String event(String type, int sequence, ObjectNode data) {
        ObjectNode event = FakeJson.object().put("type", type).put("sequence_number", sequence);
        event.setAll(data);
        return "event: " + type + "\ndata: " + FakeJson.write(event) + "\n\n";
    }

    // ---------------------------------------------------------------------------------------------- shared

    FakeResponse notFound(RecordedRequest request) {
        return error(404, "invalid_request_error",
                "Invalid URL (" + request.method() + " " + request.path() + ")");
    }

    private long cachedTokens(String model, Prompt prompt) {
        if (prompt.prefixTokens() == 0 || cache.firstSight("openai", model, prompt.prefix())) {
            return 0;
        }
        return prompt.prefixTokens();
    }

    /** The texts of a message's content: a string, or its parts of the given types. */
    private static List<String> texts(JsonNode content, String... partTypes) {
        if (content.isTextual()) {
            return List.of(content.asText());
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode part : content) {
            String type = part.path("type").asText();
            for (String wanted : partTypes) {
                if (wanted.equals(type)) {
                    texts.add(part.path("text").asText(""));
                }
            }
        }
        return texts;
    }

    private static String data(JsonNode chunk) {
        return "data: " + FakeJson.write(chunk) + "\n\n";
    }

    private static String fingerprint(String model) {
        return "fp_" + String.format("%010x", Integer.toUnsignedLong(model.hashCode())).substring(0, 10);
    }

    private static String hex(String id) {
        StringBuilder out = new StringBuilder();
        for (byte b : id.getBytes(StandardCharsets.US_ASCII)) {
            out.append(String.format("%02x", b));
        }
        return out.toString();
    }
}
