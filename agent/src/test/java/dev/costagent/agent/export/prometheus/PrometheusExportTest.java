package dev.costagent.agent.export.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.costagent.agent.config.ConfigException;
import dev.costagent.agent.export.ExportHarness;
import dev.costagent.agent.integration.IntegrationContext;
import dev.costagent.agent.log.AgentLog;
import dev.costagent.agent.value.TokenCounts;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrometheusExportTest {

    @TempDir
    Path dir;

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> scrape(int port, String accept) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"));
        if (accept != null) {
            r.header("Accept", accept);
        }
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> lines(String body, String prefix) {
        return body.lines().filter(l -> l.startsWith(prefix)).toList();
    }

    @Test
    void servesSpendTokensCallsBudgetAndStatusFromTheLedger() throws Exception {
        int port = ExportHarness.freePort();
        try (ExportHarness h = ExportHarness.start(dir, Map.of("costagent.prometheus.port", Integer.toString(port),
                "costagent.prometheus.host", "127.0.0.1", "costagent.budget", "5"), new PrometheusExportFactory())) {
            h.record("draft", "claude-sonnet-4-5", "anthropic", "Ideas.generate", new TokenCounts(10, 30, 40, 5, 20),
                    1_500_000_000_000L);
            h.record("draft", "claude-sonnet-4-5", "anthropic", "Ideas.generate", new TokenCounts(1, 0, 0, 0, 2),
                    250_000_000_000L);
            h.record("review", "gpt-4o", "openai", "openai.chat.completions.create", new TokenCounts(7, 0, 0, 0, 3),
                    1L);
            h.components.ledger().recordUnmetered();

            HttpResponse<String> r = scrape(port, null);
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), r.headers().toString());
            String body = r.body();
            assertEquals(List.of("costagent_cost_usd_total{model=\"claude-sonnet-4-5\",operation=\"Ideas.generate\","
                    + "provider=\"anthropic\",stage=\"draft\"} 1.75",
                    "costagent_cost_usd_total{model=\"gpt-4o\",operation=\"openai.chat.completions.create\","
                    + "provider=\"openai\",stage=\"review\"} 1.0E-12"), lines(body, "costagent_cost_usd_total{"));
            assertEquals(List.of("costagent_calls_total{model=\"claude-sonnet-4-5\",operation=\"Ideas.generate\","
                    + "provider=\"anthropic\",stage=\"draft\"} 2.0",
                    "costagent_calls_total{model=\"gpt-4o\",operation=\"openai.chat.completions.create\","
                    + "provider=\"openai\",stage=\"review\"} 1.0"), lines(body, "costagent_calls_total{"));
            // cache_write folds both write lifetimes (40 + 5), as the report does.
            assertEquals(List.of("costagent_tokens_total{model=\"claude-sonnet-4-5\",type=\"cache_read\"} 30.0",
                    "costagent_tokens_total{model=\"claude-sonnet-4-5\",type=\"cache_write\"} 45.0",
                    "costagent_tokens_total{model=\"claude-sonnet-4-5\",type=\"input\"} 11.0",
                    "costagent_tokens_total{model=\"claude-sonnet-4-5\",type=\"output\"} 22.0",
                    "costagent_tokens_total{model=\"gpt-4o\",type=\"cache_read\"} 0.0",
                    "costagent_tokens_total{model=\"gpt-4o\",type=\"cache_write\"} 0.0",
                    "costagent_tokens_total{model=\"gpt-4o\",type=\"input\"} 7.0",
                    "costagent_tokens_total{model=\"gpt-4o\",type=\"output\"} 3.0"),
                    lines(body, "costagent_tokens_total{"));
            assertEquals(List.of("costagent_unmetered_calls_total 1.0"), lines(body, "costagent_unmetered_calls_total"));
            assertEquals(List.of("costagent_budget_usd 5.0"), lines(body, "costagent_budget_usd "));
            assertEquals(List.of("costagent_budget_remaining_usd 3.249999999999"),
                    lines(body, "costagent_budget_remaining_usd "));
            assertEquals(List.of("costagent_run_status{status=\"budget_exceeded\"} 0.0",
                    "costagent_run_status{status=\"completed\"} 0.0",
                    "costagent_run_status{status=\"failed\"} 0.0",
                    "costagent_run_status{status=\"running\"} 1.0"), lines(body, "costagent_run_status{"));
            assertEquals(1, lines(body, "costagent_run_info{run_id=\"" + h.components.snapshots().runId()
                    + "\",workflow=\"ExportTest\"} 1.0").size(), body);
            assertTrue(body.contains("# TYPE costagent_cost_usd_total counter"), body);

            HttpResponse<String> om = scrape(port, "application/openmetrics-text; version=1.0.0; charset=utf-8");
            assertTrue(om.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"));
            assertTrue(om.body().contains("# UNIT costagent_cost_usd usd"), om.body());
            assertTrue(om.body().strip().endsWith("# EOF"), om.body());
        }
    }

    @Test
    void withoutABudgetTheBudgetGaugesAreAbsentAndABudgetSetAtRunTimeShows() throws Exception {
        int port = ExportHarness.freePort();
        try (ExportHarness h = ExportHarness.start(dir, Map.of("costagent.prometheus.port", Integer.toString(port)),
                new PrometheusExportFactory())) {
            String body = scrape(port, null).body();
            assertEquals(List.of(), lines(body, "costagent_budget"));
            assertEquals(List.of(), lines(body, "costagent_cost_usd_total{"));
            h.components.guard().setBudget(new BigDecimal("0.25"), "test");
            assertEquals(List.of("costagent_budget_usd 0.25"), lines(scrape(port, null).body(), "costagent_budget_usd "));
        }
    }

    @Test
    void labelValuesBeyondTheCapAreSummedAsOtherWithOneWarning() throws Exception {
        int port = ExportHarness.freePort();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AgentLog.stream(new PrintStream(err, true, StandardCharsets.UTF_8));
        try (ExportHarness h = ExportHarness.start(dir, Map.of("costagent.prometheus.port", Integer.toString(port)),
                new PrometheusExportFactory())) {
            for (int i = 0; i < 103; i++) {
                h.record("stage-" + i, "gpt-4o", "openai", "op", new TokenCounts(1, 1, 0, 0, 0), 1_000_000L);
            }
            String body = scrape(port, null).body();
            List<String> cost = lines(body, "costagent_cost_usd_total{");
            assertEquals(101, cost.size(), body);
            assertEquals(List.of("costagent_cost_usd_total{model=\"gpt-4o\",operation=\"op\",provider=\"openai\","
                    + "stage=\"other\"} 3.0E-6"), lines(body, "costagent_cost_usd_total{model=\"gpt-4o\",operation=\"op\","
                    + "provider=\"openai\",stage=\"other\"}"));
            scrape(port, null);
        } finally {
            AgentLog.stream(null);
        }
        String log = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, log.lines().filter(l -> l.contains("distinct values of the metrics label 'stage'")).count(), log);
    }

    @Test
    void offWithoutAPortAndNothingLoaded() throws Exception {
        assertNull(new PrometheusExportFactory().create(context(Map.of())));
    }

    @Test
    void aPortInUseABadPortOrHostIsRefusedWithOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String port = Integer.toString(taken.getLocalPort());
            ConfigException e = assertThrows(ConfigException.class, () -> new PrometheusExportFactory().create(
                    context(Map.of("costagent.prometheus.port", port, "costagent.prometheus.host", "127.0.0.1"))));
            assertTrue(e.getMessage().startsWith("cost-agent: invalid configuration: prometheus.port='" + port
                    + "' (from -Dcostagent.prometheus.port): expected a port free to listen on at 127.0.0.1 ("),
                    e.getMessage());
        }
        ConfigException bad = assertThrows(ConfigException.class, () -> new PrometheusExportFactory().create(
                context(Map.of("costagent.prometheus.port", "70000"))));
        assertEquals("cost-agent: invalid configuration: prometheus.port='70000' (from -Dcostagent.prometheus.port): "
                + "expected a whole number from 1 to 65535", bad.getMessage());
        ConfigException host = assertThrows(ConfigException.class, () -> new PrometheusExportFactory().create(
                context(Map.of("costagent.prometheus.port", "9464", "costagent.prometheus.host", "no-such-host.invalid"))));
        assertTrue(host.getMessage().startsWith("cost-agent: invalid configuration: prometheus.host="
                + "'no-such-host.invalid' (from -Dcostagent.prometheus.host): expected a host name or IP address of "
                + "this machine"), host.getMessage());
        ConfigException alone = assertThrows(ConfigException.class, () -> new PrometheusExportFactory().create(
                context(Map.of("costagent.prometheus.host", "127.0.0.1"))));
        assertTrue(alone.getMessage().contains("expected costagent.prometheus.port beside it"), alone.getMessage());
        ConfigException notHere = assertThrows(ConfigException.class, () -> new PrometheusExportFactory().create(
                context(Map.of("costagent.prometheus.port", "9464", "costagent.prometheus.host", "192.0.2.1"))));
        assertTrue(notHere.getMessage().contains("expected a port free to listen on at 192.0.2.1"), notHere.getMessage());
    }

    private IntegrationContext context(Map<String, String> props) throws Exception {
        return ExportHarness.context(dir, props);
    }
}
