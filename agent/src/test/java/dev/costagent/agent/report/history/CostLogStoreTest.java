package dev.costagent.agent.report.history;

import static dev.costagent.fixtures.CostLogs.JSON;
import static dev.costagent.fixtures.CostLogs.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.costagent.agent.events.RunSnapshot;
import dev.costagent.agent.log.AgentLog;
import dev.costagent.agent.report.CapturedOutput;
import dev.costagent.agent.report.RunSnapshotJson;
import dev.costagent.fixtures.CostLogs;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One JVM's writes of {@code cost_log.json}: entries, totals, replacement, the layout, and logs it must not trust. */
class CostLogStoreTest {

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("cost_log.json");
    }

    private CostLogStore store() {
        return new CostLogStore(file(), CostLogStore.DEFAULT_KEEP, AgentLog.get(getClass()));
    }

    private JsonNode read() throws Exception {
        return JSON.readTree(file().toFile());
    }

    @Test
    void runsAccumulateWithExactCumulativeTotals() throws Exception {
        store().write(run("r1", "Pipeline", "completed", Map.of("ideas", "0.1", "rank", "0.0000001"), "claude-sonnet-4-5"));
        store().write(run("r2", "Other", "budget_exceeded", Map.of("ideas", "0.2"), "gpt-4o"));
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
        String text = Files.readString(file());
        assertFalse(text.contains("E-"), "plain decimals only: " + text);
        assertTrue(text.contains("0.0000001"), text);
    }

    @Test
    void eachEntryIsTheRunsWholeReportWithItsCostsOnOneLineOfAPrettyDocument() throws Exception {
        RunSnapshot r = run("r1", "Pipeline", "completed", Map.of("ideas", "0.1", "rank", "0.000003"), "m");
        store().write(r);
        store().write(run("r2", "Pipeline", "completed", Map.of("ideas", "0.2"), "m"));
        JsonNode entry = read().get("runs").get(0);
        JsonNode report = JSON.readTree(RunSnapshotJson.render(r));
        report.fieldNames().forEachRemaining(f -> assertEquals(report.get(f), entry.get(f), f));
        assertEquals(new BigDecimal("0.000003"), entry.at("/costs/rank").decimalValue());
        assertEquals(new BigDecimal("0.000003"), entry.at("/stages/rank/cost_usd").decimalValue());
        assertEquals(20, entry.at("/models/m/input_tokens").asInt(), "the breakdown by model survives");

        List<String> lines = Files.readAllLines(file());
        assertEquals("{", lines.get(0));
        assertEquals("  \"runs\" : [", lines.get(1));
        assertTrue(lines.get(2).startsWith("    {\"run_id\":\"r1\",") && lines.get(2).endsWith("},"), lines.get(2));
        assertTrue(lines.get(3).startsWith("    {\"run_id\":\"r2\",") && lines.get(3).endsWith("}"), lines.get(3));
        assertEquals("  ],", lines.get(4));
        assertEquals("  \"cumulative\" : {", lines.get(5));
        assertEquals("    \"runs\" : 2,", lines.get(6));
        assertEquals("}", lines.get(lines.size() - 1));
        assertTrue(Files.isRegularFile(dir.resolve("cost_log.json.index")), "the index of the next write's shortcut");
    }

    @Test
    void aRunWrittenAgainReplacesItsEntryAndItsShareOfTheTotals() throws Exception {
        CostLogStore store = store();
        store().write(run("other", "Pipeline", "completed", Map.of("ideas", "1"), "m"));
        store.write(run("r1", "Pipeline", "budget_exceeded", Map.of("ideas", "0.5"), "m"));
        // Another process ends in between: the entry to replace is no longer the last.
        store().write(run("later", "Pipeline", "completed", Map.of("ideas", "2"), "m"));
        store.write(run("r1", "Pipeline", "budget_exceeded", Map.of("ideas", "0.5", "late", "0.25"), "m"));
        JsonNode log = read();
        assertEquals(List.of("other", "r1", "later"), log.get("runs").findValuesAsText("run_id").stream()
                .filter(id -> !id.isEmpty()).toList(), "replaced where it was");
        assertEquals(3, log.get("cumulative").get("runs").asInt());
        assertEquals(new BigDecimal("3.75"), log.get("cumulative").get("total_cost_usd").decimalValue());
        assertEquals(new BigDecimal("3.5"), log.get("cumulative").get("stages").get("ideas").decimalValue());
        assertEquals(new BigDecimal("0.25"), log.get("cumulative").get("stages").get("late").decimalValue());
        assertEquals(new BigDecimal("3.75"), log.get("cumulative").get("models").get("m").decimalValue());
        assertEquals(new BigDecimal("0.25"), log.at("/runs/1/costs/late").decimalValue());
    }

    @Test
    void entriesOfAnOlderVersionStayAsTheyAreDownToTheirNumbers() throws Exception {
        Files.writeString(file(), """
                {
                  "runs" : [ {
                    "run_id" : "old",
                    "workflow" : "Old",
                    "started_at" : "2026-11-21T08:00:00Z",
                    "ended_at" : "2026-11-21T08:00:01Z",
                    "status" : "completed",
                    "budget_usd" : 5.00,
                    "total_cost_usd" : 0.10,
                    "costs" : {
                      "ideas" : 0.10
                    }
                  } ],
                  "cumulative" : {
                    "runs" : 1,
                    "total_cost_usd" : 0.10,
                    "stages" : { "ideas" : 0.10 },
                    "models" : { },
                    "workflows" : { "Old" : 0.10 }
                  }
                }
                """);
        store().write(run("new", "P", "completed", Map.of("ideas", "1"), "m"));
        List<String> lines = Files.readAllLines(file());
        assertEquals("    {\"run_id\":\"old\",\"workflow\":\"Old\",\"started_at\":\"2026-11-21T08:00:00Z\","
                + "\"ended_at\":\"2026-11-21T08:00:01Z\",\"status\":\"completed\",\"budget_usd\":5.00,"
                + "\"total_cost_usd\":0.10,\"costs\":{\"ideas\":0.10}},", lines.get(2));
        JsonNode c = read().get("cumulative");
        assertEquals(2, c.get("runs").asInt());
        assertEquals(new BigDecimal("1.1"), c.get("total_cost_usd").decimalValue());
        assertEquals(new BigDecimal("1.1"), c.at("/stages/ideas").decimalValue());
    }

    @Test
    void aLogChangedByHandIsParsedAgainRatherThanTrustedFromItsIndex() throws Exception {
        store().write(run("r1", "P", "completed", Map.of("ideas", "1"), "m"));
        String text = Files.readString(file()).replace("\"total_cost_usd\" : 1,", "\"total_cost_usd\" : 7,");
        assertTrue(text.contains("\"total_cost_usd\" : 7,"), text);
        Files.writeString(file(), text + "\n");
        store().write(run("r2", "P", "completed", Map.of("ideas", "2"), "m"));
        assertEquals(new BigDecimal("9"), read().at("/cumulative/total_cost_usd").decimalValue(),
                "the edited total, and this run's");
        // The file is what this version wrote again: a third write takes the shortcut and still adds up.
        store().write(run("r3", "P", "completed", Map.of("ideas", "3"), "m"));
        assertEquals(new BigDecimal("12"), read().at("/cumulative/total_cost_usd").decimalValue());
        assertEquals(3, read().get("runs").size());
    }

    @Test
    void aLogThatDoesNotParseIsKeptAsideWithOneWarnInOurWords() throws Exception {
        String garbage = "{\"runs\": [ {\"run_id\": \"x\"  ";
        Files.writeString(file(), garbage);
        try (CapturedOutput out = new CapturedOutput()) {
            store().write(run("r1", "P", "completed", Map.of("a", "1"), "m"));
            List<Path> aside = asides();
            assertEquals(1, aside.size());
            assertEquals(garbage, Files.readString(aside.get(0)));
            assertEquals(List.of("[cost-agent] WARN " + file() + " could not be read: it is not valid JSON at line 1, "
                    + "column 28 (the text ends before the JSON value is complete); kept it aside as " + aside.get(0)
                    + " and started a new log"), out.warnings());
        }
        assertEquals(1, read().get("runs").size());
    }

    @Test
    void whereAndWhatIsWrongIsSaidWithoutJacksonsInternals() throws Exception {
        Map<String, String> cases = Map.of(
                "{\"runs\": [], \"runs\": []}", "at line 1, column 20 (the name 'runs' appears twice in one object)",
                "{\"runs\": [}", "at line 1, column 11 (a '}' where a ']' should close the list)",
                "{\n  \"runs\": tru\n}", "at line 2, column 15 (an unexpected word 'tru')",
                "{\"runs\": [{\"run_id\": \"a\", \"x\": \"b\u0001\"}]}", "inside a string, where it must be escaped");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Files.writeString(file(), c.getKey());
            try (CapturedOutput out = new CapturedOutput()) {
                store().write(run("r1", "P", "completed", Map.of("a", "1"), "m"));
                String warn = out.warnings().get(0);
                assertTrue(warn.contains("could not be read: it is not valid JSON") && warn.contains(c.getValue()),
                        c.getKey() + " -> " + warn);
                assertFalse(warn.contains("Source") || warn.contains("REDACTED") || warn.contains("Feature"), warn);
            }
            Files.delete(file());
        }
    }

    @Test
    void aLogOfTheWrongShapeIsAlsoKeptAside() throws Exception {
        for (String text : List.of("{\"runs\": {}, \"cumulative\": {}}", "[1, 2]",
                "{\"runs\": [{\"workflow\": \"no id\"}], \"cumulative\": {\"runs\": 1, \"total_cost_usd\": 0, "
                        + "\"stages\": {}, \"models\": {}, \"workflows\": {}}}",
                "{\"runs\": [], \"cumulative\": {\"runs\": \"many\", \"total_cost_usd\": 0}}")) {
            Files.writeString(file(), text);
            store().write(run("r1", "P", "completed", Map.of("a", "1"), "m"));
            assertEquals(text, Files.readString(asides().get(0)));
            for (Path p : asides()) {
                Files.delete(p);
            }
            assertEquals(1, read().get("runs").size());
            Files.delete(file());
        }
    }

    @Test
    void fieldsFromANewerVersionAreKeptThroughEveryLaterWrite() throws Exception {
        Files.writeString(file(), """
                {"format": 9, "runs": [{"run_id": "old", "extra": [1, 2.50, {"k": null}]}],
                 "cumulative": {"runs": 1, "total_cost_usd": 0.5, "stages": {}, "models": {}, "workflows": {},
                                "future": "kept"}}
                """);
        store().write(run("r1", "P", "completed", Map.of("a", "1"), "m"));
        store().write(run("r2", "P", "completed", Map.of("a", "1"), "m"));
        JsonNode log = read();
        assertEquals(9, log.get("format").asInt());
                assertTrue(Files.readString(file()).contains("\"extra\":[1,2.50,{\"k\":null}]"));
        assertEquals("kept", log.get("cumulative").get("future").asText());
        assertEquals(new BigDecimal("2.5"), log.get("cumulative").get("total_cost_usd").decimalValue());
        assertEquals(3, log.get("cumulative").get("runs").asInt());
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
        String text = new String(RunSnapshotJson.render(s), StandardCharsets.UTF_8);
        assertTrue(text.contains("\"total_cost_usd\" : 0.000003"), text);
    }

    private List<Path> asides() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("cost_log.json.corrupt-")).sorted().toList();
        }
    }

    /** For the other tests of this package. */
    static RunSnapshot simple(String id) {
        return CostLogs.run(id, "Wf", "completed", Map.of("ideas", "0.001"), "m");
    }
}
