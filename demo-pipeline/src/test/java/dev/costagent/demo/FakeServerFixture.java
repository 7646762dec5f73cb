package dev.costagent.demo;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** A started {@link FakeLlmServer} with the two real SDK clients pointed at it; close it after each test. */
final class FakeServerFixture implements AutoCloseable {

    final FakeLlmServer server;
    final AnthropicClient anthropic;
    final OpenAIClient openai;

    FakeServerFixture() throws IOException {
        server = new FakeLlmServer().start();
        anthropic = AnthropicOkHttpClient.builder().baseUrl(server.baseUrl()).apiKey("test").maxRetries(0).build();
        openai = OpenAIOkHttpClient.builder().baseUrl(server.openAiBaseUrl()).apiKey("test").maxRetries(0).build();
    }

    static long tokens(String text) {
        return FakeLlmServer.tokensOf(text);
    }

    /** A fixture file that lives beside the tests, in this package. */
    static String fixture(String name) {
        try (InputStream in = FakeServerFixture.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        anthropic.close();
        openai.close();
        server.close();
    }
}
