package dev.costagent.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OTLP export end to end, from the shipped agent jar to a loopback collector that decodes the requests with
 * opentelemetry-proto: what it sends, that the last export at exit (normal, budget stop, SIGTERM) holds the report's
 * exact total, and that a collector that is down or hangs leaves the program's exit status alone.
 */
class OtlpExportIT {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final BigDecimal CALL = new BigDecimal(ObservedProgram.CALL_USD);

    @TempDir
    Path work;

    private ObservedJvm start(String endpoint, String interval, List<String> extra, String... args)
            throws IOException {
        List<String> options = new ArrayList<>(List.of("-Dcostagent.otlp.endpoint=" + endpoint,
                "-Dcostagent.otlp.interval=" + interval));
        options.addAll(extra);
        return ObservedJvm.start(work, List.of(), options, ObservedProgram.class.getName(), args);
    }

    private JsonNode report() throws IOException {
        return JSON.readTree(work.resolve("data/cost_report.json").toFile());
    }

    private static Metric metric(ExportMetricsServiceRequest r, String name) {
        return r.getResourceMetricsList().stream().flatMap(rm -> rm.getScopeMetricsList().stream())
                .flatMap(sm -> sm.getMetricsList().stream()).filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + r));
    }

    private static Map<String, String> attributes(List<KeyValue> kvs) {
        return kvs.stream().collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().getStringValue()));
    }

    /**
     * The exported spend, exactly: each point's double rounded back to 12 decimals is its exact picodollars (a
     * double holds any amount under about $4,500 to better than half a picodollar), summed as BigDecimal.
     */
    static BigDecimal exactSpend(ExportMetricsServiceRequest last) {
        BigDecimal sum = BigDecimal.ZERO;
        for (NumberDataPoint p : metric(last, "costagent.cost").getSum().getDataPointsList()) {
            sum = sum.add(new BigDecimal(p.getAsDouble()).setScale(12, RoundingMode.HALF_EVEN));
        }
        return sum;
    }

    private static ExportMetricsServiceRequest last(OtlpReceiver r) {
        assertFalse(r.metrics.isEmpty(), "no metrics request arrived");
        return r.metrics.get(r.metrics.size() - 1);
    }

    @Test
    void theLastExportHoldsTheReportsTotalToThePicodollarAndTheGenAiTokenUsage() throws Exception {
        try (OtlpReceiver collector = OtlpReceiver.start();
             ObservedJvm jvm = start(collector.baseUrl(), "200ms", List.of("-Dcostagent.otlp.headers=Authorization="
                     + "Bearer%20e2e-secret,X-Team=pipelines"), "run", "7")) {
            assertEquals(0, jvm.exit(Duration.ofSeconds(90)), jvm.all());
            assertEquals(List.of(), collector.failures);
            JsonNode report = report();
            BigDecimal total = report.get("total_cost_usd").decimalValue();
            assertEquals(0, CALL.multiply(BigDecimal.valueOf(7)).compareTo(total), report.toString());
            assertFalse(collector.metrics.isEmpty(), "no export arrived:\n" + jvm.all());
            ExportMetricsServiceRequest last = last(collector);
            assertEquals(0, total.compareTo(exactSpend(last)), "exported " + exactSpend(last) + ", report " + total);

            Metric cost = metric(last, "costagent.cost");
            assertEquals("USD", cost.getUnit());
            assertTrue(cost.getSum().getIsMonotonic());
            assertEquals(Map.of("costagent.stage", "work", "gen_ai.request.model", "claude-sonnet-4-5",
                    "gen_ai.provider.name", "anthropic", "costagent.operation", "Observed.call"),
                    attributes(cost.getSum().getDataPoints(0).getAttributesList()));
            assertEquals(7, metric(last, "costagent.calls").getSum().getDataPoints(0).getAsInt());

            Metric usage = metric(last, "gen_ai.client.token.usage");
            assertEquals("{token}", usage.getUnit());
            Map<String, HistogramDataPoint> byType = usage.getHistogram().getDataPointsList().stream().collect(
                    Collectors.toMap(p -> attributes(p.getAttributesList()).get("gen_ai.token.type"), p -> p));
            assertEquals(Map.of("gen_ai.operation.name", "Observed.call", "gen_ai.provider.name", "anthropic",
                    "gen_ai.request.model", "claude-sonnet-4-5", "gen_ai.response.model", "claude-sonnet-4-5-20250929",
                    "gen_ai.token.type", "input", "costagent.stage", "work"),
                    attributes(byType.get("input").getAttributesList()));
            // Input counts every input token, cached ones included (12 + 2048 cache read + 100 cache write).
            assertEquals(7, byType.get("input").getCount());
            assertEquals(7.0 * 2160, byType.get("input").getSum());
            assertEquals(7.0 * 6, byType.get("output").getSum());
            assertEquals(List.of(1.0, 4.0, 16.0, 64.0, 256.0, 1024.0, 4096.0, 16384.0, 65536.0, 262144.0, 1048576.0,
                    4194304.0, 16777216.0, 67108864.0), byType.get("input").getExplicitBoundsList());

            Map<String, String> resource = attributes(last.getResourceMetrics(0).getResource().getAttributesList());
            assertEquals("ObservedProgram", resource.get("service.name"));
            assertEquals(report.get("run_id").asText(), resource.get("service.instance.id"));
            assertEquals("Bearer e2e-secret", collector.lastHeaders.get("authorization"));
            assertEquals("pipelines", collector.lastHeaders.get("x-team"));
            assertFalse(jvm.all().contains("e2e-secret"), "the headers are never printed:\n" + jvm.all());
            assertEquals(1, jvm.agentLines("OTLP metrics export to " + collector.baseUrl() + "/v1/metrics every 200 ms"
                    + " is on").size(), jvm.stderr());
        }
    }

    @Test
    void theBudgetStopIsExportedAtExit() throws Exception {
        try (OtlpReceiver collector = OtlpReceiver.start();
             ObservedJvm jvm = start(collector.baseUrl(), "60m", List.of("-Dcostagent.budget=0.002"), "steps", "1")) {
            jvm.awaitLine("STEP 1");
            jvm.proceed();
            assertEquals(3, jvm.exit(Duration.ofSeconds(90)), jvm.all());
            assertEquals(1, collector.metrics.size(), "one export, at exit (the interval is an hour)");
            BigDecimal total = report().get("total_cost_usd").decimalValue();
            assertEquals(0, CALL.multiply(BigDecimal.valueOf(2)).compareTo(total));
            assertEquals(0, total.compareTo(exactSpend(last(collector))));
            NumberDataPoint remaining = metric(last(collector), "costagent.budget.remaining").getGauge()
                    .getDataPoints(0);
            assertEquals(0, new BigDecimal("0.002").subtract(total).compareTo(new BigDecimal(remaining.getAsDouble())
                    .setScale(12, RoundingMode.HALF_EVEN)));
        }
    }

    @Test
    void sigtermExportsTheSpendBeforeTheJvmEnds() throws Exception {
        try (OtlpReceiver collector = OtlpReceiver.start();
             ObservedJvm jvm = start(collector.baseUrl(), "60m", List.of(), "wait", "3")) {
            jvm.awaitLine("READY");
            jvm.signal("TERM");
            assertEquals(143, jvm.exit(Duration.ofSeconds(90)), jvm.all());
            assertEquals(1, collector.metrics.size(), "one export, at exit");
            assertEquals(0, CALL.multiply(BigDecimal.valueOf(3)).compareTo(exactSpend(last(collector))));
            assertEquals(0, report().get("total_cost_usd").decimalValue().compareTo(exactSpend(last(collector))));
        }
    }

    @Test
    void aCollectorThatIsDownLeavesTheProgramsExitAndFilesAlone() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        long started = System.nanoTime();
        try (ObservedJvm jvm = start("http://127.0.0.1:" + closed, "100ms", List.of(), "run", "3")) {
            assertEquals(0, jvm.exit(Duration.ofSeconds(90)), jvm.all());
            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(30)) < 0,
                    "a generous bound: the export waits at most 5 s at exit");
            assertTrue(jvm.stdout().contains("MAIN RETURNS"), jvm.all());
            assertEquals(0, CALL.multiply(BigDecimal.valueOf(3)).compareTo(report().get("total_cost_usd")
                    .decimalValue()));
            assertEquals(1, jvm.agentLines("OTLP export to http://127.0.0.1:" + closed + "/v1/metrics failed (")
                    .size(), "one line for the first failure:\n" + jvm.stderr());
            assertFalse(jvm.stderr().contains("Failed to export"), "the SDK's own lines stay off stderr:\n"
                    + jvm.stderr());
        }
    }

    @Test
    void aCollectorThatHangsLeavesTheProgramsExitAlone() throws Exception {
        try (OtlpReceiver collector = OtlpReceiver.hanging();
             ObservedJvm jvm = start(collector.baseUrl(), "100ms", List.of(), "wait", "3")) {
            jvm.awaitLine("READY");
            assertTrue(collector.awaitFirstRequest(60), "an export reached the collector, which holds it:\n" + jvm.all());
            long ending = System.nanoTime();
            jvm.proceed();
            assertEquals(0, jvm.exit(Duration.ofSeconds(90)), jvm.all());
            assertTrue(Duration.ofNanos(System.nanoTime() - ending).compareTo(Duration.ofSeconds(30)) < 0,
                    "a generous bound: the export waits at most 5 s at exit");
            assertTrue(jvm.stdout().contains("MAIN RETURNS"), jvm.all());
            assertEquals(0, CALL.multiply(BigDecimal.valueOf(3)).compareTo(report().get("total_cost_usd")
                    .decimalValue()));
            assertEquals(1, jvm.agentLines("OTLP export to " + collector.baseUrl() + "/v1/metrics failed (")
                    .size(), jvm.stderr());
        }
    }
}
