package dev.costagent.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.costagent.demo.FakeLlmServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cost-agent beside the OpenTelemetry Java agent, with cost-agent's extension of it: the OpenTelemetry agent's span
 * of an OpenAI chat completion (real client, loopback API) carries the call's cost and stage. The command line is
 * the one docs/observability.md gives: the OpenTelemetry agent first, then cost-agent, and the extension property.
 */
class BothAgentsIT {

    static final Path OTEL_AGENT = Path.of("target", "otel-javaagent", "opentelemetry-javaagent.jar").toAbsolutePath();
    static final Path EXTENSION = Path.of("..", "otel-extension", "target", "cost-agent-otel-extension.jar")
            .toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @TempDir
    Path work;

    @Test
    void theOpenTelemetryAgentsChatSpanCarriesTheCallsCostAndStage() throws Exception {
        runBoth(true);
    }

    /** The two agents' premains run in the order of their flags; the hand-over does not depend on it. */
    @Test
    void theSameWithCostAgentsFlagFirst() throws Exception {
        runBoth(false);
    }

    private void runBoth(boolean otelFirst) throws Exception {
        assertTrue(Files.isRegularFile(OTEL_AGENT), "the OpenTelemetry agent is copied by the build: " + OTEL_AGENT);
        assertTrue(Files.isRegularFile(EXTENSION), "the extension is built by the reactor: " + EXTENSION);
        try (FakeLlmServer api = new FakeLlmServer().start(); OtlpReceiver collector = OtlpReceiver.start()) {
            List<String> otel = List.of("-javaagent:" + OTEL_AGENT, "-Dotel.javaagent.extensions=" + EXTENSION,
                    "-Dotel.service.name=both-agents", "-Dotel.traces.exporter=otlp",
                    "-Dotel.exporter.otlp.protocol=http/protobuf",
                    "-Dotel.exporter.otlp.endpoint=" + collector.baseUrl(),
                    "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none", "-Dotel.bsp.schedule.delay=100");
            try (ObservedJvm jvm = otelFirst
                    ? ObservedJvm.start(work, otel, List.of(), OpenAiSpanProgram.class.getName(), api.openAiBaseUrl())
                    : ObservedJvm.start(work, List.of(), otel, OpenAiSpanProgram.class.getName(), api.openAiBaseUrl())) {
                check(jvm, collector);
            }
        }
    }

    private void check(ObservedJvm jvm, OtlpReceiver collector) throws Exception {
        assertEquals(0, jvm.exit(Duration.ofSeconds(120)), jvm.all());
        JsonNode report = JSON.readTree(work.resolve("data/cost_report.json").toFile());
        BigDecimal total = report.get("total_cost_usd").decimalValue();
        assertTrue(total.signum() > 0, report.toString());

        List<Span> spans = new ArrayList<>();
        for (ExportTraceServiceRequest r : collector.traces) {
            r.getResourceSpansList().forEach(rs -> rs.getScopeSpansList().forEach(ss -> spans.addAll(ss.getSpansList())));
        }
        List<Span> chat = spans.stream().filter(s -> "chat".equals(string(s, "gen_ai.operation.name"))).toList();
        assertEquals(List.of(), collector.failures);
        assertEquals(1, chat.size(), "one gen_ai chat span among " + names(spans) + "\n" + jvm.all());
        Span span = chat.get(0);
        KeyValue cost = attribute(span, "gen_ai.usage.cost").orElseThrow(
                () -> new AssertionError("no gen_ai.usage.cost on " + span + "\n" + jvm.all()));
        assertTrue(cost.getValue().hasDoubleValue(), cost.toString());
        // The double holds the exact total to better than half a picodollar (see Dollars): rounded back, equal.
        assertEquals(0, total.compareTo(new BigDecimal(cost.getValue().getDoubleValue())
                .setScale(12, RoundingMode.HALF_EVEN)), cost + " vs " + total);
        assertEquals("draft", string(span, "costagent.stage"));
        assertEquals(1, jvm.agentLines("cost on OpenTelemetry spans").size(), jvm.stderr());
        // The other spans (the HTTP client span under it) get nothing.
        assertEquals(1, spans.stream().filter(s -> attribute(s, "gen_ai.usage.cost").isPresent()).count());
    }

    private static List<String> names(List<Span> spans) {
        return spans.stream().map(Span::getName).toList();
    }

    static Optional<KeyValue> attribute(Span s, String key) {
        return s.getAttributesList().stream().filter(kv -> kv.getKey().equals(key)).findFirst();
    }

    static String string(Span s, String key) {
        return attribute(s, key).map(kv -> kv.getValue().getStringValue()).orElse(null);
    }
}
