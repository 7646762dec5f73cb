package dev.costagent.agent.usage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Response bodies beside the tests, as text or edited, and turned into real SDK objects by the SDKs' own mappers. */
final class Fixtures {

    private static final ObjectMapper PLAIN = new ObjectMapper();

    private Fixtures() {
    }

    static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture with {@code edit} applied to its root object. */
    static String edited(String name, Consumer<ObjectNode> edit) {
        try {
            ObjectNode root = (ObjectNode) PLAIN.readTree(text(name));
            edit.accept(root);
            return PLAIN.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode usageOf(ObjectNode root) {
        return (ObjectNode) root.get("usage");
    }

    static <T> T anthropic(String json, Class<T> type) {
        try {
            return com.anthropic.core.ObjectMappers.jsonMapper().readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T openAi(String json, Class<T> type) {
        try {
            return com.openai.core.ObjectMappers.jsonMapper().readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
