package dev.costagent.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.openai.core.http.StreamResponse;
import com.openai.errors.RateLimitException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

import dev.costagent.demo.FakeLlmServer.RecordedRequest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeLlmServerHooksTest {

    private FakeServerFixture fixture;

    @BeforeEach
    void start() throws IOException {
        fixture = new FakeServerFixture();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void recordsEveryRequestWithPathHeadersAndBody() {
        fixture.anthropic.messages().create(claude("hello"));
        fixture.openai.chat().completions().create(gpt("hello"));

        List<RecordedRequest> requests = fixture.server.requests();
        assertEquals(2, fixture.server.requestCount());
        assertEquals("/v1/messages", requests.get(0).path());
        assertEquals("POST", requests.get(0).method());
        assertTrue(requests.get(0).header("Anthropic-Version") != null, requests.get(0).headers().toString());
        assertTrue(requests.get(0).body().contains("\"model\":\"claude-sonnet-4-5\""), requests.get(0).body());
        assertEquals("/v1/chat/completions", requests.get(1).path());
        assertEquals("Bearer test", requests.get(1).header("authorization"));
        assertEquals(1, fixture.server.requestCount("/v1/messages"));

        fixture.server.clearRequests();
        assertEquals(0, fixture.server.requestCount());
    }

    @Test
    void overrideServesTheExactBodyOnceThenTheGeneratedAnswerAgain() {
        fixture.server.overrideNextResponse("/v1/messages", FakeServerFixture.fixture("sample_anthropic.json"));

        Message canned = fixture.anthropic.messages().create(claude("hello"));
        Message generated = fixture.anthropic.messages().create(claude("hello"));

        assertEquals("msg_01XFDUDYJgAACzvnptvVoYEL", canned.id());
        assertEquals(12, canned.usage().inputTokens());
        assertEquals(2048L, canned.usage().cacheReadInputTokens().orElseThrow());
        assertEquals(100L, canned.usage().cacheCreationInputTokens().orElseThrow());
        assertEquals("Hello!", IncubatorPipeline.textOf(canned));
        assertEquals(FakeLlmServer.tokensOf("hello"), generated.usage().inputTokens());
    }

    @Test
    void overridesQueueUpAndCanServeAStream() {
        fixture.server.overrideNextResponse("/v1/chat/completions",
                FakeServerFixture.fixture("sample_openai_chat_stream.sse"));
        fixture.server.overrideNextResponse("/v1/chat/completions", 429, "application/json",
                "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"param\":null,"
                        + "\"code\":\"rate_limit_exceeded\"}}");

        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> stream = fixture.openai.chat().completions()
                .createStreaming(gpt("hello"))) {
            stream.stream().forEach(accumulator::accumulate);
        }
        ChatCompletion streamed = accumulator.chatCompletion();

        assertEquals(2060L, streamed.usage().orElseThrow().promptTokens());
        assertEquals("gpt-4o-2024-08-06", streamed.model());
        assertThrows(RateLimitException.class, () -> fixture.openai.chat().completions().create(gpt("hello")));
        assertEquals("gpt-4o-mini-2024-07-18", fixture.openai.chat().completions().create(gpt("hello")).model());
    }

    @Test
    void requestsAreServedConcurrently() throws Exception {
        int parallel = 4;
        // Each serving thread waits until all four requests are inside the server: a serial server would time out.
        CyclicBarrier allInside = new CyclicBarrier(parallel);
        fixture.server.onRequest(request -> {
            try {
                allInside.await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("requests were not served concurrently", e);
            }
        });
        ExecutorService callers = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<Message>> replies = new ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                String prompt = "question number " + i;
                replies.add(callers.submit(() -> fixture.anthropic.messages().create(claude(prompt))));
            }
            for (int i = 0; i < parallel; i++) {
                Message reply = replies.get(i).get(20, TimeUnit.SECONDS);
                assertEquals(FakeLlmServer.tokensOf("question number " + i), reply.usage().inputTokens());
            }
        } finally {
            callers.shutdownNow();
        }
        assertEquals(parallel, fixture.server.requestCount("/v1/messages"));
    }

    @Test
    void answersLikeTheRealApisToBadRequests() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> noKey = http.send(post("/v1/messages", "{}", null), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> badJson = http.send(post("/v1/chat/completions", "{not json", "Bearer k"),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> noMaxTokens = http.send(post("/v1/messages",
                "{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "Bearer k"),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> unknownPath = http.send(post("/v1/nothing", "{}", "Bearer k"),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(401, noKey.statusCode());
        assertTrue(noKey.body().contains("authentication_error"), noKey.body());
        assertEquals(400, badJson.statusCode());
        assertTrue(badJson.body().contains("invalid_request_error"), badJson.body());
        assertEquals(400, noMaxTokens.statusCode());
        assertTrue(noMaxTokens.body().contains("max_tokens"), noMaxTokens.body());
        assertEquals(404, unknownPath.statusCode());
    }

    @Test
    void closeReleasesThePort() throws Exception {
        String url = fixture.server.baseUrl();
        fixture.close();

        HttpClient http = HttpClient.newHttpClient();
        assertThrows(IOException.class, () -> http.send(HttpRequest.newBuilder(URI.create(url + "/v1/messages"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString()));
        fixture.close();
    }

    private HttpRequest post(String path, String body, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fixture.server.baseUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.build();
    }

    private static MessageCreateParams claude(String prompt) {
        return MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(300).addUserMessage(prompt).build();
    }

    private static ChatCompletionCreateParams gpt(String prompt) {
        return ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage(prompt).build();
    }
}
