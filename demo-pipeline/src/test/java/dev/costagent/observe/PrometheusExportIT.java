package dev.costagent.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Prometheus endpoint end to end: a real Prometheus server scrapes the shipped agent in a running program and
 * answers PromQL with its spend; a port in use stops the JVM before {@code main}.
 */
class PrometheusExportIT {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @TempDir
    Path work;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void aRealPrometheusScrapesTheRunsSpendBudgetAndStatus() throws Exception {
        PrometheusServer.binary();
        int port = freePort();
        try (ObservedJvm jvm = ObservedJvm.start(work, List.of(), List.of("-Dcostagent.prometheus.port=" + port,
                "-Dcostagent.prometheus.host=127.0.0.1", "-Dcostagent.budget=1"), ObservedProgram.class.getName(),
                "wait", "3")) {
            jvm.awaitLine("READY");
            try (PrometheusServer prometheus = PrometheusServer.start(work.resolve("prometheus"), "127.0.0.1:" + port)) {
                // The docs' queries: spend per stage, and what remains of the budget.
                JsonNode perStage = prometheus.awaitValue("sum by (stage) (costagent_cost_usd_total)", "0.0033462");
                assertEquals("work", perStage.at("/metric/stage").asText());
                prometheus.awaitValue("costagent_budget_remaining_usd", "0.9966538");
                prometheus.awaitValue("costagent_budget_usd", "1");
                prometheus.awaitValue("sum(costagent_tokens_total{type=\"cache_read\"})", "6144");
                prometheus.awaitValue("sum(costagent_calls_total)", "3");
                JsonNode running = prometheus.awaitValue("costagent_run_status{status=\"running\"}", "1");
                assertEquals("cost-agent", running.at("/metric/job").asText());
                prometheus.awaitValue("up{job=\"cost-agent\"}", "1");
            }
            jvm.proceed();
            assertEquals(0, jvm.exit(Duration.ofSeconds(90)), jvm.all());
        }
        JsonNode report = JSON.readTree(work.resolve("data/cost_report.json").toFile());
        assertEquals(0, new BigDecimal("0.0033462").compareTo(report.get("total_cost_usd").decimalValue()));
    }

    @Test
    void aPortInUseStopsTheJvmBeforeMainWithOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ObservedJvm jvm = ObservedJvm.start(work, List.of(), List.of("-Dcostagent.prometheus.port="
                     + taken.getLocalPort(), "-Dcostagent.prometheus.host=127.0.0.1"),
                     ObservedProgram.class.getName(), "run", "1")) {
            assertEquals(2, jvm.exit(Duration.ofSeconds(60)), jvm.all());
            assertEquals("", jvm.stdout(), "main never ran");
            List<String> lines = jvm.stderr().lines().toList();
            assertEquals(1, lines.size(), jvm.stderr());
            assertTrue(lines.get(0).startsWith("cost-agent: invalid configuration: prometheus.port='"
                    + taken.getLocalPort() + "' (from -Dcostagent.prometheus.port): expected a port free to listen on "
                    + "at 127.0.0.1 ("), lines.get(0));
            assertTrue(!Files.exists(work.resolve("data/cost_report.json")), "no run, no report");
        }
    }
}
