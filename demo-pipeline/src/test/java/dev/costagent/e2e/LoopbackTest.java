package dev.costagent.e2e;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.costagent.demo.FakeLlmServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every end-to-end test shares: a loopback {@link FakeLlmServer} per test, a working folder for the child
 * JVM, the exact API bodies under {@code /e2e/}, and a JSON reader that keeps money exact.
 */
abstract class LoopbackTest {

    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @TempDir
    Path work;
    FakeLlmServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = new FakeLlmServer().start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    /** Queues the exact bodies of one run of {@link SdkPipelineProgram}, in the order it asks for them. */
    void serveSdkPipelineRun() throws IOException {
        server.overrideNextResponse("/v1/messages", fixture("anthropic_message.json"));
        server.overrideNextResponse("/v1/messages", fixture("anthropic_message.json"));
        server.overrideNextResponse("/v1/chat/completions", fixture("openai_chat.json"));
        server.overrideNextResponse("/v1/responses", fixture("openai_response.json"));
        server.overrideNextResponse("/v1/embeddings", fixture("openai_embeddings.json"));
    }

    /** A real API body kept under {@code src/test/resources/e2e/}. */
    static String fixture(String name) throws IOException {
        try (InputStream in = LoopbackTest.class.getResourceAsStream("/e2e/" + name)) {
            if (in == null) {
                throw new IOException("no fixture /e2e/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
