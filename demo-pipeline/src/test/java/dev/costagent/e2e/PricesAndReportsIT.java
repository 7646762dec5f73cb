package dev.costagent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped jar's command line end to end: {@code prices import} of a LiteLLM and a genai-prices price list
 * (fixtures of our own, beside the CLI's unit tests), a run of a program priced with each imported catalog
 * ({@code -Dcostagent.catalog}), exact to the picodollar, then {@code report}, {@code history} and {@code html} on
 * what the runs wrote.
 */
class PricesAndReportsIT {

    private static final Path FIXTURES = Path.of("..", "agent", "src", "test", "resources", "dev", "costagent", "agent",
            "cli").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @TempDir
    Path work;

    @Test
    void importedCatalogsPriceARunExactlyAndTheCommandsReadWhatItWrote() throws Exception {
        // ReliabilityProgram's one Sonnet call: 12 input, 2048 cache read, 100 cache write, 6 output tokens.
        // LiteLLM fixture: 3.3, 0.33, 4.125 and 16.5 per million (per-token floats such as 3.3e-06).
        runWithImportedCatalog("litellm-prices.json", "0.00122694");
        // genai-prices fixture: 2.7, 0.27, 3.375 and 13.5 per million.
        runWithImportedCatalog("genai-prices.json", "0.00100386");

        Path data = work.resolve("data");
        Result report = cli("report", data.toString());
        assertEquals(0, report.exit(), report.all());
        assertTrue(report.out().contains("Budget $5: used $0.00100386 (0.0%), remaining $4.99899614"), report.all());
        assertTrue(report.out().contains("claude-sonnet-4-5      1     12       6        2048          100  0.00100386  100.0%"),
                report.all());

        Result history = cli("history", data.toString());
        assertEquals(0, history.exit(), history.all());
        assertTrue(history.out().contains("Cumulative: 2 runs, $0.0022308"), history.all());

        Path page = work.resolve("page.html");
        Result html = cli("html", "-o", page.toString(), data.toString());
        assertEquals(0, html.exit(), html.all());
        String text = Files.readString(page, StandardCharsets.UTF_8);
        assertTrue(text.contains("<td class=\"n\">0.00100386</td>") && text.contains("echarts"), "the page");

        Result bad = cli("report", "--run", "no-such-run", data.toString());
        assertEquals(2, bad.exit(), bad.all());
        assertEquals("cost-agent report: no run 'no-such-run' in " + data + "\n", bad.err());
    }

    private void runWithImportedCatalog(String fixture, String expectedUsd) throws Exception {
        Path catalog = work.resolve(fixture + ".yaml");
        Result imported = cli("prices", "import", FIXTURES.resolve(fixture).toString(), "-o", catalog.toString());
        assertEquals(0, imported.exit(), imported.all());
        AgentProcess.Result run = AgentProcess.run(System.getProperty("java.home"), work,
                List.of("-Dbudget=5", "-Dcostagent.catalog=" + catalog),
                AgentProcess.classPath(e -> e.replace('\\', '/').endsWith("/test-classes") || e.contains("annotations")),
                "dev.costagent.reliability.ReliabilityProgram", "run", "1");
        assertEquals(0, run.exit(), run.all());
        assertTrue(run.stderr().contains("catalog " + catalog), run.all());
        JsonNode report = JSON.readTree(work.resolve("data/cost_report.json").toFile());
        assertEquals(new BigDecimal(expectedUsd), report.get("total_cost_usd").decimalValue(), run.all());
        assertEquals(new BigDecimal(expectedUsd), report.at("/models/claude-sonnet-4-5/cost_usd").decimalValue());
    }

    private record Result(int exit, String out, String err) {
        String all() {
            return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    /** {@code java -jar cost-agent.jar ARGS} in its own JVM: the shaded jar, relocated picocli and all. */
    private Result cli(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", AgentProcess.AGENT_JAR.toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(work, "cli", ".out");
        Path err = Files.createTempFile(work, "cli", ".err");
        Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the command line did not finish: " + cmd);
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
