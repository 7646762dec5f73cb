package dev.costagent.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.costagent.agent.events.RunSnapshot;
import dev.costagent.agent.log.AgentLog;
import dev.costagent.agent.value.Money;
import dev.costagent.agent.value.Totals;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CostLogStoreTest {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @TempDir
    Path dir;

    static RunSnapshot run(String id, String workflow, String status, Map<String, String> stageUsd, String modelUsd) {
        Map<String, Totals> stages = new java.util.TreeMap<>();
        long total = 0;
        for (Map.Entry<String, String> e : stageUsd.entrySet()) {
            long p = Money.picos(new BigDecimal(e.getValue()));
            stages.put(e.getKey(), new Totals(1, 10, 5, 0, 0, p));
            total += p;
        }
        Totals all = new Totals(stageUsd.size(), 10L * stageUsd.size(), 5L * stageUsd.size(), 0, 0, total);
        return new RunSnapshot(id, workflow, Instant.parse("2026-11-22T08:00:00Z"), Instant.parse("2026-11-22T08:00:01Z"),
                status, new BigDecimal("5"), List.of(), all, stages, Map.of(modelUsd, all), Map.of("anthropic", all),
                Map.of("Op.call", all), Map.of(), 0, List.of(), Map.of());
    }

    private JsonNode read() throws Exception {
        return JSON.readTree(dir.resolve("cost_log.json").toFile());
    }

    @Test
    void runsAccumulateWithExactCumulativeTotals() throws Exception {
        new CostLogStore(dir.resolve("cost_log.json"), AgentLog.get(getClass()))
                .write(run("r1", "Pipeline", "completed", Map.of("ideas", "0.1", "rank", "0.0000001"), "claude-sonnet-4-5"));
        new CostLogStore(dir.resolve("cost_log.json"), AgentLog.get(getClass()))
                .write(run("r2", "Other", "budget_exceeded", Map.of("ideas", "0.2"), "gpt-4o"));
        JsonNode log = read();
        assertEquals(2, log.get("runs").size());
        assertEquals("r1", log.get("runs").get(0).get("run_id").asText());
        assertEquals("0.1", log.get("runs").get(0).get("costs").get("ideas").decimalValue().toPlainString());
        JsonNode c = log.get("cumulative");
        assertEquals(2, c.get("runs").asInt());
        assertEquals(new BigDecimal("0.3000001"), c.get("total_cost_usd").decimalValue());
        assertEquals(new BigDecimal("0.3"), c.get("stages").get("ideas").decimalValue());
        assertEquals(new BigDecimal("0.1000001"), c.get("models").get("claude-sonnet-4-5").decimalValue());
        assertEquals(new BigDecimal("0.2"), c.get("workflows").get("Other").decimalValue());
        String text = Files.readString(dir.resolve("cost_log.json"));
        assertFalse(text.contains("E-"), "plain decimals only: " + text);
        assertTrue(text.contains("0.0000001"), text);
    }

    @Test
    void aRunWrittenAgainReplacesItsEntryAndItsShareOfTheTotals() throws Exception {
        CostLogStore store = new CostLogStore(dir.resolve("cost_log.json"), AgentLog.get(getClass()));
        new CostLogStore(dir.resolve("cost_log.json"), AgentLog.get(getClass()))
                .write(run("other", "Pipeline", "completed", Map.of("ideas", "1"), "m"));
        store.write(run("r1", "Pipeline", "budget_exceeded", Map.of("ideas", "0.5"), "m"));
        store.write(run("r1", "Pipeline", "budget_exceeded", Map.of("ideas", "0.5", "late", "0.25"), "m"));
        JsonNode log = read();
        assertEquals(2, log.get("runs").size());
        assertEquals(2, log.get("cumulative").get("runs").asInt());
        assertEquals(new BigDecimal("1.75"), log.get("cumulative").get("total_cost_usd").decimalValue());
        assertEquals(new BigDecimal("1.5"), log.get("cumulative").get("stages").get("ideas").decimalValue());
        assertEquals(new BigDecimal("0.25"), log.get("cumulative").get("stages").get("late").decimalValue());
        assertEquals(new BigDecimal("1.75"), log.get("cumulative").get("models").get("m").decimalValue());
    }

    @Test
    void aLogThatDoesNotParseIsKeptAsideNeverOverwritten() throws Exception {
        Path file = dir.resolve("cost_log.json");
        String garbage = "{\"runs\": [ {\"run_id\": \"x\"  ";
        Files.writeString(file, garbage);
        new CostLogStore(file, AgentLog.get(getClass())).write(run("r1", "P", "completed", Map.of("a", "1"), "m"));
        List<Path> aside;
        try (Stream<Path> s = Files.list(dir)) {
            aside = s.filter(p -> p.getFileName().toString().startsWith("cost_log.json.corrupt-")).toList();
        }
        assertEquals(1, aside.size());
        assertEquals(garbage, Files.readString(aside.get(0)));
        assertEquals(1, read().get("runs").size());
    }

    @Test
    void aLogOfTheWrongShapeIsAlsoKeptAside() throws Exception {
        Path file = dir.resolve("cost_log.json");
        Files.writeString(file, "{\"runs\": {}, \"cumulative\": {}}");
        new CostLogStore(file, AgentLog.get(getClass())).write(run("r1", "P", "completed", Map.of("a", "1"), "m"));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.filter(p -> p.getFileName().toString().contains(".corrupt-")).count());
        }
    }

    @Test
    void fieldsFromANewerVersionAreKept() throws Exception {
        Path file = dir.resolve("cost_log.json");
        Files.writeString(file, """
                {"format": 9, "runs": [{"run_id": "old", "extra": [1, 2]}],
                 "cumulative": {"runs": 1, "total_cost_usd": 0.5, "stages": {}, "models": {}, "workflows": {},
                                "future": "kept"}}
                """);
        new CostLogStore(file, AgentLog.get(getClass())).write(run("r1", "P", "completed", Map.of("a", "1"), "m"));
        JsonNode log = read();
        assertEquals(9, log.get("format").asInt());
        assertEquals(2, log.get("runs").get(0).get("extra").get(1).asInt());
        assertEquals("kept", log.get("cumulative").get("future").asText());
        assertEquals(new BigDecimal("1.5"), log.get("cumulative").get("total_cost_usd").decimalValue());
        assertEquals(2, log.get("cumulative").get("runs").asInt());
    }

    @Test
    void theReportHasEverySpecFieldWithPlainDecimals() throws Exception {
        RunSnapshot s = run("20261122T081205Z-4f2a9c", "IncubatorPipeline", "completed", Map.of("ideas", "0.000003"),
                "claude-sonnet-4-5");
        JsonNode r = JSON.readTree(RunSnapshotJson.render(s));
        for (String f : List.of("run_id", "workflow", "started_at", "ended_at", "status", "budget_usd", "total_cost_usd",
                "totals", "stages", "models", "providers", "operations", "unpriced_models", "unmetered_calls", "warnings")) {
            assertTrue(r.has(f), f);
        }
        for (String f : List.of("calls", "input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens", "cost_usd")) {
            assertTrue(r.get("totals").has(f), f);
            assertTrue(r.get("stages").get("ideas").has(f), f);
        }
        assertEquals("2026-11-22T08:00:00Z", r.get("started_at").asText());
        String text = new String(RunSnapshotJson.render(s), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.contains("\"total_cost_usd\" : 0.000003"), text);
    }
}
