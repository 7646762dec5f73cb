package dev.costagent.agent.export.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.costagent.agent.config.ConfigException;
import dev.costagent.agent.config.ConfigLoader;
import dev.costagent.agent.events.RecordedCall;
import dev.costagent.agent.log.AgentLog;
import dev.costagent.agent.value.TokenCounts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OtlpExportFactoryTest {

    @TempDir
    Path dir;

    private OtlpExportFactory.Config config(Map<String, String> props) throws ConfigException {
        return OtlpExportFactory.config(ConfigLoader.load(null, props, Map.of(), dir).settings());
    }

    private OtlpExportFactory.Config configFromEnv(Map<String, String> env) throws ConfigException {
        return OtlpExportFactory.config(ConfigLoader.load(null, Map.of(), env, dir).settings());
    }

    @Test
    void offWithoutAnEndpoint() throws Exception {
        assertNull(config(Map.of()));
    }

    @Test
    void theEndpointIsABaseUrlWithV1MetricsAppended() throws Exception {
        OtlpExportFactory.Config c = config(Map.of("costagent.otlp.endpoint", "http://127.0.0.1:4318/"));
        assertEquals("http://127.0.0.1:4318/v1/metrics", c.metricsEndpoint());
        assertEquals(Duration.ofSeconds(10), c.interval());
        assertEquals(Map.of(), c.headers());
        assertEquals("https://collector.example/otlp/v1/metrics",
                config(Map.of("costagent.otlp.endpoint", "https://collector.example/otlp")).metricsEndpoint());
    }

    @Test
    void headersAreOtelsFormPercentDecodedAndIntervalIsADuration() throws Exception {
        OtlpExportFactory.Config c = configFromEnv(Map.of("COSTAGENT_OTLP_ENDPOINT", "http://localhost:4318",
                "COSTAGENT_OTLP_HEADERS", "Authorization=Bearer%20s3cret, X-Team=a+b=c", "COSTAGENT_OTLP_INTERVAL",
                "500ms"));
        assertEquals(Map.of("Authorization", "Bearer s3cret", "X-Team", "a+b=c"), c.headers());
        assertEquals(Duration.ofMillis(500), c.interval());
    }

    @Test
    void badSettingsAreRefusedWithOneLineAndTheHeadersNeverShown() {
        ConfigException scheme = assertThrows(ConfigException.class,
                () -> config(Map.of("costagent.otlp.endpoint", "localhost:4318")));
        assertEquals("cost-agent: invalid configuration: otlp.endpoint='localhost:4318' (from "
                + "-Dcostagent.otlp.endpoint): expected an http:// or https:// base URL such as http://localhost:4318",
                scheme.getMessage());
        ConfigException headers = assertThrows(ConfigException.class, () -> config(Map.of("costagent.otlp.endpoint",
                "http://localhost:4318", "costagent.otlp.headers", "Authorization: Bearer s3cret")));
        assertEquals("cost-agent: invalid configuration: otlp.headers='<hidden>' (from -Dcostagent.otlp.headers): "
                + "expected name=value pairs separated by commas, such as Authorization=Bearer%20token",
                headers.getMessage());
        assertFalse(headers.getMessage().contains("s3cret"));
        ConfigException interval = assertThrows(ConfigException.class, () -> config(Map.of("costagent.otlp.endpoint",
                "http://localhost:4318", "costagent.otlp.interval", "10")));
        assertTrue(interval.getMessage().contains("expected a duration from 100ms to 60m"), interval.getMessage());
        ConfigException alone = assertThrows(ConfigException.class,
                () -> config(Map.of("costagent.otlp.headers", "a=b")));
        assertTrue(alone.getMessage().contains("expected costagent.otlp.endpoint beside it"), alone.getMessage());
    }

    @Test
    void theEndpointShownHidesCredentials() {
        assertEquals("https://***@collector.example/v1/metrics",
                OtlpExport.shownEndpoint("https://user:pass@collector.example/v1/metrics"));
        assertEquals("http://localhost:4318/v1/metrics", OtlpExport.shownEndpoint("http://localhost:4318/v1/metrics"));
    }

    @Test
    void aFullQueueDropsCountsAndWarnsOnce() throws Exception {
        CallQueue q = new CallQueue(2);
        RecordedCall call = new RecordedCall("s", "m", "m", "openai", "op", TokenCounts.ZERO, 1, true);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AgentLog.stream(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            q.reportFirstDrops(AgentLog.get(CallQueue.class));
            for (int i = 0; i < 5; i++) {
                q.offer(call);
            }
            assertEquals(3, q.dropped());
            q.reportFirstDrops(AgentLog.get(CallQueue.class));
            q.offer(call);
            q.reportFirstDrops(AgentLog.get(CallQueue.class));
            assertEquals(call, q.poll());
            assertEquals(call, q.poll());
            assertNull(q.poll());
            q.offer(call);
            assertEquals(call, q.poll(), "room again once taken");
            q.reportTotal(AgentLog.get(CallQueue.class));
        } finally {
            AgentLog.stream(null);
        }
        String log = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, log.lines().filter(l -> l.contains("queue of calls is full (2 calls)")).count(), log);
        assertEquals(1, log.lines().filter(l -> l.contains("dropped the token values of 4 calls in all")).count(), log);
    }

    @Test
    void namesFollowTheGenAiConventions() {
        assertEquals("chat", GenAiNames.operation("openai.chat.completions.create"));
        assertEquals("chat", GenAiNames.operation("anthropic.messages.stream"));
        assertEquals("embeddings", GenAiNames.operation("openai.embeddings.create"));
        assertEquals("text_completion", GenAiNames.operation("openai.completions.create"));
        assertEquals("generate_content", GenAiNames.operation("google.models.generate_content_stream"));
        assertEquals("Ideas.generate", GenAiNames.operation("Ideas.generate"));
        assertEquals("aws.bedrock", GenAiNames.provider("bedrock"));
        assertEquals("gcp.gen_ai", GenAiNames.provider("google"));
        assertEquals("openai", GenAiNames.provider("openai"));
    }
}
