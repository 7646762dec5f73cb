package dev.costagent.demo;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The two SDK clients the pipeline uses. Closing them matters: OkHttp keeps non-daemon threads and pooled
 * connections alive for a minute after the last call.
 */
record LlmClients(AnthropicClient anthropic, OpenAIClient openai, String description) implements AutoCloseable {

    /** Placeholder key for a local server, which checks that a key is sent but not which. */
    private static final String LOCAL_KEY = "demo";

    /** Clients for a server that speaks both APIs at {@code baseUrl} (Anthropic there, OpenAI under /v1). */
    static LlmClients local(String baseUrl, String description) {
        String root = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return new LlmClients(
                AnthropicOkHttpClient.builder().baseUrl(root).apiKey(LOCAL_KEY).maxRetries(0).build(),
                OpenAIOkHttpClient.builder().baseUrl(root + "/v1").apiKey(LOCAL_KEY).maxRetries(0).build(),
                description);
    }

    /**
     * Clients for the real APIs, configured from the environment.
     *
     * @throws IllegalStateException naming the missing variables when a key is not set
     */
    static LlmClients live() {
        List<String> missing = new ArrayList<>();
        for (String key : List.of("ANTHROPIC_API_KEY", "OPENAI_API_KEY")) {
            String value = System.getenv(key);
            if (value == null || value.isBlank()) {
                missing.add(key);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("--live calls the real Anthropic and OpenAI APIs and needs "
                    + "ANTHROPIC_API_KEY and OPENAI_API_KEY in the environment; missing: " + String.join(", ", missing)
                    + ". Run without --live to use the built-in fake LLM server instead.");
        }
        return new LlmClients(
                AnthropicOkHttpClient.builder().fromEnv().timeout(Duration.ofMinutes(2)).build(),
                OpenAIOkHttpClient.builder().fromEnv().timeout(Duration.ofMinutes(2)).build(),
                "the live Anthropic and OpenAI APIs (keys from the environment)");
    }

    @Override
    public void close() {
        try {
            anthropic.close();
        } finally {
            openai.close();
        }
    }
}
