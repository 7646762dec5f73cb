package dev.costagent.benchmarks;

import com.anthropic.models.messages.Message;
import com.openai.models.chat.completions.ChatCompletion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Real response objects built from real API bodies by the SDKs' own mappers, and fresh copies of them.
 *
 * <p>The agent counts a response once, by identity, so a benchmark that returned the same object every time would
 * measure only the "already counted" lookup. A fresh copy per call is a shallow one: the SDK's
 * {@code toBuilder().build()} (new top-level object, shared immutable fields) or a {@code HashMap} copy of the
 * top level (the {@code usage} map is shared, the agent only reads it). Deserialising per call would cost
 * microseconds and drown the figure being measured; the copy costs the same with and without the agent, so it
 * cancels out of the difference.
 */
public final class Responses {

    private Responses() {
    }

    public static Message anthropicMessage() {
        return read(com.anthropic.core.ObjectMappers.jsonMapper(), "anthropic-message.json", Message.class);
    }

    public static ChatCompletion openAiChatCompletion() {
        return read(com.openai.core.ObjectMappers.jsonMapper(), "openai-chat-completion.json", ChatCompletion.class);
    }

    /** The Anthropic body as a hand-written client would hand it over: nested maps of plain JSON values. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> anthropicMap() {
        return read(new com.fasterxml.jackson.databind.ObjectMapper(), "anthropic-message.json", Map.class);
    }

    public static Message fresh(Message m) {
        return m.toBuilder().build();
    }

    public static ChatCompletion fresh(ChatCompletion c) {
        return c.toBuilder().build();
    }

    public static Map<String, Object> fresh(Map<String, Object> m) {
        return new HashMap<>(m);
    }

    private static <T> T read(com.fasterxml.jackson.databind.ObjectMapper mapper, String name, Class<T> type) {
        try (InputStream in = Responses.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture " + name);
            }
            return mapper.readValue(new String(in.readAllBytes(), StandardCharsets.UTF_8), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
