package dev.costagent.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.costagent.demo.FakeLlmServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Layer 3: a separate JVM runs {@link SdkPipelineProgram} under {@code -javaagent:agent/target/cost-agent.jar},
 * its real SDK clients talk to a loopback server that serves real API bodies, and the test reads the JSON files.
 *
 * <p>Expected figures, from the served bodies and the bundled catalog:
 * <ul>
 *   <li>draft: 2 x Sonnet 4.5 (12 input, 2048 cache read, 100 5m write, 6 output) = 2 x 0.0011154 = 0.0022308</li>
 *   <li>review: gpt-4o (2060 prompt incl. 2048 cached, 150 output) = 0.00409</li>
 *   <li>summarise: gpt-4.1 responses (same shape) = 0.002248, text-embedding-3-small 1000 tokens = 0.00002,
 *       plus a recorded $0.01 = 0.012268</li>
 * </ul>
 */
class AgentEndToEndIT extends LoopbackTest {

    static final BigDecimal DRAFT = new BigDecimal("0.0022308");
    static final BigDecimal REVIEW = new BigDecimal("0.00409");
    static final BigDecimal SUMMARISE = new BigDecimal("0.012268");
    static final BigDecimal TOTAL = new BigDecimal("0.0185888");

    AgentProcess.Result runProgram(String javaHome, List<String> jvmArgs, String classPath) throws Exception {
        return AgentProcess.run(javaHome, work, jvmArgs, classPath, SdkPipelineProgram.class.getName(),
                server.baseUrl(), server.openAiBaseUrl());
    }

    private static String fullClassPath() {
        return AgentProcess.classPath(e -> true);
    }

    private JsonNode report() throws IOException {
        return JSON.readTree(work.resolve("data/cost_report.json").toFile());
    }

    private JsonNode log() throws IOException {
        return JSON.readTree(work.resolve("data/cost_log.json").toFile());
    }

    static void assertUsd(BigDecimal expected, JsonNode actual, String what) {
        assertTrue(actual != null && actual.isNumber(), what + " is a number: " + actual);
        assertEquals(0, expected.compareTo(actual.decimalValue()), what + ": expected " + expected + " but was " + actual);
    }

    @Test
    void pricesEveryStageExactlyFromRealSdkResponses() throws Exception {
        pricesOn(System.getProperty("java.home"), server, work);
    }

    /** The main case, on a given JDK ({@link AttachAndJdksIT} runs it on every JDK of the machine). */
    void pricesOn(String javaHome, FakeLlmServer server, Path work) throws Exception {
        this.server = server;
        this.work = work;
        serveSdkPipelineRun();
        AgentProcess.Result r = runProgram(javaHome, List.of("-Dbudget=5"), fullClassPath());
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.stdout().contains("ATTACHED true SPENT 0.0185888"), r.all());

        JsonNode report = report();
        assertEquals("completed", report.get("status").asText());
        assertEquals("SdkPipelineProgram", report.get("workflow").asText());
        assertUsd(new BigDecimal("5"), report.get("budget_usd"), "budget");
        assertUsd(TOTAL, report.get("total_cost_usd"), "total");
        assertUsd(DRAFT, report.at("/stages/draft/cost_usd"), "draft");
        assertUsd(REVIEW, report.at("/stages/review/cost_usd"), "review");
        assertUsd(SUMMARISE, report.at("/stages/summarise/cost_usd"), "summarise");

        JsonNode totals = report.get("totals");
        assertEquals(6, totals.get("calls").asInt(), "5 SDK responses + 1 recorded cost: " + totals);
        // uncached input: 12 + 12 (Anthropic) + 12 (chat: 2060 - 2048) + 12 (responses) + 1000 (embeddings)
        assertEquals(1048, totals.get("input_tokens").asLong());
        assertEquals(2048L * 4, totals.get("cache_read_tokens").asLong());
        assertEquals(200, totals.get("cache_write_tokens").asLong());
        assertEquals(6 + 6 + 150 + 150, totals.get("output_tokens").asLong());

        assertEquals(2, report.at("/stages/draft/calls").asInt());
        assertEquals(1, report.at("/operations/Anthropic.createAsync/calls").asInt(), "the future was recorded");
        assertEquals(1, report.at("/operations/OpenAI.chat/calls").asInt());
        assertTrue(report.at("/operations/Review.text").isMissingNode(), "a wrapper adds nothing");
        assertUsd(new BigDecimal("0.0022308"), report.at("/models/claude-sonnet-4-5/cost_usd"), "sonnet");
        assertUsd(new BigDecimal("0.00409"), report.at("/models/gpt-4o/cost_usd"), "gpt-4o by its snapshot id");
        assertUsd(new BigDecimal("0.002248"), report.at("/models/gpt-4.1/cost_usd"), "gpt-4.1");
        assertUsd(new BigDecimal("0.00002"), report.at("/models/text-embedding-3-small/cost_usd"), "embeddings");
        assertUsd(new BigDecimal("0.0022308"), report.at("/providers/anthropic/cost_usd"), "anthropic");
        assertUsd(new BigDecimal("0.01"), report.at("/operations/WebSearch.query/cost_usd"), "recorded cost");
        assertEquals(0, report.get("unmetered_calls").asInt());
        assertEquals(0, report.get("unpriced_models").size());
        assertFalse(Files.readString(work.resolve("data/cost_report.json")).contains("E-"), "plain decimals");
        assertEquals(List.of("draft", "review", "summarise"), names(report.get("stages")), "stages in the order they ran");
        // The exit summary: the stages in that order, exact money, then the budget.
        String stderr = r.stderr();
        int draft = stderr.indexOf("[cost-agent] draft ");
        int review = stderr.indexOf("[cost-agent] review ");
        int summarise = stderr.indexOf("[cost-agent] summarise ");
        assertTrue(draft > 0 && draft < review && review < summarise, r.all());
        assertTrue(stderr.contains("[cost-agent] Budget $5: used $0.0185888 (0.4%), remaining $4.9814112"), r.all());

        JsonNode log = log();
        assertEquals(1, log.get("runs").size());
        JsonNode run = log.get("runs").get(0);
        assertEquals(report.get("run_id").asText(), run.get("run_id").asText());
        assertUsd(DRAFT, run.at("/costs/draft"), "log draft");
        assertUsd(TOTAL, log.at("/cumulative/total_cost_usd"), "cumulative");
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new java.util.ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void aLowBudgetStopsAfterTheStageThatCrossesItAndRefusesLaterStages() throws Exception {
        serveSdkPipelineRun();
        AgentProcess.Result r = runProgram(System.getProperty("java.home"),
                List.of("-Dbudget=0.002", "-Dcostagent.summary=false"), fullClassPath());
        assertEquals(3, r.exit(), r.all());
        assertFalse(r.stderr().contains("cost (USD)"), "summary=false leaves the table out:\n" + r.all());
        assertTrue(r.stdout().contains("BODY draft"), r.all());
        assertTrue(r.stdout().contains("BUDGET stage=draft spent=0.0022308 budget=0.002 "
                + "message=Budget exceeded: spent $0.0022308 of $0.002 limit (after stage 'draft')"), r.all());
        assertTrue(r.stdout().contains("REFUSED review"), r.all());
        assertFalse(r.stdout().contains("BODY review"), "a refused stage does not run:\n" + r.all());
        assertTrue(r.stderr().contains("Budget exceeded: spent $0.0022308 of $0.002 limit (after stage 'draft')"), r.all());

        JsonNode report = report();
        assertEquals("budget_exceeded", report.get("status").asText());
        assertUsd(DRAFT, report.get("total_cost_usd"), "only draft was spent");
        assertTrue(report.at("/stages/review").isMissingNode());
        assertEquals(1, log().get("runs").size(), "the stop and the exit write one entry");
        assertEquals("budget_exceeded", log().at("/runs/0/status").asText());
    }

    @Test
    void twoRunsAccumulateInTheLog() throws Exception {
        serveSdkPipelineRun();
        serveSdkPipelineRun();
        assertEquals(0, runProgram(System.getProperty("java.home"), List.of("-Dbudget=5"), fullClassPath()).exit());
        assertEquals(0, runProgram(System.getProperty("java.home"), List.of("-Dbudget=5"), fullClassPath()).exit());
        JsonNode log = log();
        assertEquals(2, log.get("runs").size());
        assertFalse(log.at("/runs/0/run_id").asText().equals(log.at("/runs/1/run_id").asText()));
        assertEquals(2, log.at("/cumulative/runs").asInt());
        assertUsd(TOTAL.multiply(BigDecimal.valueOf(2)), log.at("/cumulative/total_cost_usd"), "cumulative");
        assertUsd(DRAFT.multiply(BigDecimal.valueOf(2)), log.at("/cumulative/stages/draft"), "cumulative draft");
        assertUsd(TOTAL.multiply(BigDecimal.valueOf(2)), log.at("/cumulative/workflows/SdkPipelineProgram"), "workflow");
        assertUsd(new BigDecimal("0.0044616"), log.at("/cumulative/models/claude-sonnet-4-5"), "cumulative sonnet");
    }

    @Test
    void runsWithoutTheAnnotationsJarOnTheClassPath() throws Exception {
        serveSdkPipelineRun();
        String withoutApi = AgentProcess.classPath(e -> !e.replace('\\', '/').contains("annotations/target")
                && !e.contains("cost-agent-annotations"));
        assertFalse(withoutApi.contains("annotations/target") || withoutApi.contains("cost-agent-annotations"), withoutApi);
        AgentProcess.Result r = runProgram(System.getProperty("java.home"), List.of("-Dbudget=5"), withoutApi);
        assertEquals(0, r.exit(), r.all());
        assertUsd(TOTAL, report().get("total_cost_usd"), "total");
    }

    @Test
    void aBadBudgetStopsTheJvmBeforeMainWithOneLine() throws Exception {
        AgentProcess.Result r = runProgram(System.getProperty("java.home"), List.of("-Dbudget=abc"), fullClassPath());
        assertEquals(2, r.exit(), r.all());
        assertFalse(r.stdout().contains("MAIN STARTED"), r.all());
        assertTrue(r.stderr().contains("cost-agent: invalid configuration: budget='abc' (from -Dbudget): expected a "
                + "non-negative number of US dollars, e.g. 5 or 0.50"), r.all());
        assertFalse(Files.exists(work.resolve("data")), "nothing written");
    }

    @Test
    void aBrokenCatalogStopsTheJvmBeforeMainNamingFileAndLine() throws Exception {
        Files.writeString(work.resolve("models_catalog.yaml"), "catalog:\n  - id: x\n    pricing: {input: -3, output: 1}\n");
        AgentProcess.Result r = runProgram(System.getProperty("java.home"), List.of(), fullClassPath());
        assertEquals(2, r.exit(), r.all());
        assertFalse(r.stdout().contains("MAIN STARTED"), r.all());
        assertTrue(r.stderr().contains("models_catalog.yaml:3:22: entry 'x': pricing.input must not be negative, got -3"),
                r.all());
    }
}
