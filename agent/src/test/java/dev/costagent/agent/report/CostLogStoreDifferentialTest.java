package dev.costagent.agent.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.costagent.agent.events.RunSnapshot;
import dev.costagent.agent.log.AgentLog;
import dev.costagent.agent.value.Money;
import dev.costagent.agent.value.Totals;
import dev.costagent.fixtures.TextDamage;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming {@link CostLogStore} against the databind one it replaced ({@link DatabindCostLogStore}), on the
 * same inputs: the same logs kept or set aside with the same WARNs, the same content after every write, and the
 * same bytes whenever the old log is in the form the agent writes.
 */
class CostLogStoreDifferentialTest {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @TempDir
    Path dir;
    private int cases;

    /** What one implementation left behind. */
    private record Outcome(byte[] log, List<byte[]> asides, List<String> warnings, List<String> failures) {
    }

    private interface Store {
        void write(RunSnapshot run) throws IOException;
    }

    private Outcome run(boolean databind, byte[] initialLog, List<RunSnapshot> writes) throws IOException {
        Path d = Files.createDirectories(dir.resolve("case" + cases + (databind ? "-old" : "-new")));
        Path log = d.resolve("cost_log.json");
        if (initialLog != null) {
            Files.write(log, initialLog);
        }
        List<String> failures = new ArrayList<>();
        try (CapturedOutput out = new CapturedOutput()) {
            // Both write plainly: the fsync is the same code for both and would only slow the many cases down.
            FileReplacer disk = (target, content) -> Files.write(target, content);
            Store store = databind
                    ? new DatabindCostLogStore(log, AgentLog.get(CostLogStore.class), disk, CostLogStore.LOCK_WAIT)::write
                    : new CostLogStore(log, AgentLog.get(CostLogStore.class), disk, CostLogStore.LOCK_WAIT)::write;
            for (RunSnapshot w : writes) {
                try {
                    store.write(w);
                } catch (IOException e) {
                    failures.add(e.getClass().getSimpleName());
                }
            }
            List<byte[]> asides = new ArrayList<>();
            try (Stream<Path> s = Files.list(d)) {
                for (Path p : s.filter(p -> p.getFileName().toString().contains(".corrupt-")).sorted().toList()) {
                    asides.add(Files.readAllBytes(p));
                }
            }
            List<String> warnings = out.warnings().stream()
                    .map(w -> w.replace(d.toString(), "DIR")
                            .replaceAll("corrupt-\\d{8}T\\d{6}\\.\\d{3}Z", "corrupt-STAMP")
                            // databind named the type it bound to, which the streaming store does not bind to
                            .replaceAll(" \\(bound as `[^`]*`\\): not allowed as per "
                                    + "`DeserializationFeature.FAIL_ON_TRAILING_TOKENS`", ""))
                    .toList();
            return new Outcome(Files.exists(log) ? Files.readAllBytes(log) : null, asides, warnings, failures);
        }
    }

    /** Both implementations on the same input; {@code sameBytes} when the input is in the agent's own form. */
    private Outcome compare(String initialLog, boolean sameBytes, RunSnapshot... writes) throws IOException {
        return compare(initialLog == null ? null : initialLog.getBytes(StandardCharsets.UTF_8), sameBytes, writes);
    }

    private Outcome compare(byte[] initialLog, boolean sameBytes, RunSnapshot... writes) throws IOException {
        cases++;
        Outcome old = run(true, initialLog, List.of(writes));
        Outcome now = run(false, initialLog, List.of(writes));
        String what = initialLog == null ? "no log"
                : new String(initialLog, 0, Math.min(initialLog.length, 300), StandardCharsets.UTF_8);
        assertEquals(old.warnings(), now.warnings(), "warnings for " + what);
        assertEquals(old.failures(), now.failures(), "failures for " + what);
        assertEquals(old.asides().size(), now.asides().size(), "set aside for " + what);
        if (old.warnings().stream().anyMatch(w -> w.contains("it is not valid JSON"))) {
            assertNull(LogScanner.scan(initialLog), "the fast path declines what databind could not parse: " + what);
        }
        for (int i = 0; i < old.asides().size(); i++) {
            assertArrayEquals(old.asides().get(i), now.asides().get(i), "kept aside for " + what);
        }
        assertEquals(old.log() == null, now.log() == null, "a log for " + what);
        if (old.log() != null) {
            if (sameBytes) {
                assertEquals(new String(old.log(), StandardCharsets.UTF_8), new String(now.log(), StandardCharsets.UTF_8),
                        "bytes for " + what);
            }
            JsonNode a = JSON.readTree(old.log());
            JsonNode b = JSON.readTree(now.log());
            assertTrue(sameContent(a, b), "content for " + what + "\nold: " + a + "\nnew: " + b);
        }
        return now;
    }

    /** Equal as JSON, numbers compared by value: {@code 5.00} and {@code 5} are the same amount. */
    private static boolean sameContent(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isObject() && b.isObject()) {
            List<String> an = new ArrayList<>();
            a.fieldNames().forEachRemaining(an::add);
            List<String> bn = new ArrayList<>();
            b.fieldNames().forEachRemaining(bn::add);
            if (!an.equals(bn)) {
                return false;
            }
            for (String n : an) {
                if (!sameContent(a.get(n), b.get(n))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Iterator<JsonNode> x = a.elements(), y = b.elements(); x.hasNext(); ) {
                if (!sameContent(x.next(), y.next())) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private static RunSnapshot run(String id, String workflow, BigDecimal budget, Map<String, String> stageUsd,
                                   Map<String, String> modelUsd) {
        Map<String, Totals> stages = new TreeMap<>();
        long total = 0;
        for (Map.Entry<String, String> e : stageUsd.entrySet()) {
            long p = Money.picos(new BigDecimal(e.getValue()));
            stages.put(e.getKey(), new Totals(1, 10, 5, 0, 0, p));
            total += p;
        }
        Map<String, Totals> models = new TreeMap<>();
        modelUsd.forEach((m, usd) -> models.put(m, new Totals(1, 10, 5, 0, 0, Money.picos(new BigDecimal(usd)))));
        Totals all = new Totals(stageUsd.size(), 10L * stageUsd.size(), 5L * stageUsd.size(), 0, 0, total);
        return new RunSnapshot(id, workflow, Instant.parse("2026-11-22T08:00:00.120Z"),
                Instant.parse("2026-11-22T08:00:01Z"), "completed", budget, List.of(), all, stages, models,
                Map.of("anthropic", all), Map.of("Op.call", all), Map.of(), 0, List.of(), Map.of());
    }

    private static RunSnapshot simple(String id) {
        return run(id, "Pipeline", new BigDecimal("5"), Map.of("ideas", "0.1", "rank", "0.0000001"),
                Map.of("claude-sonnet-4-5", "0.1000001"));
    }

    @Test
    void fromNoLogRunByRunWithAReplacedRunTheBytesAreTheSame() throws Exception {
        RunSnapshot r1 = simple("r1");
        RunSnapshot r2 = run("r2", "Other", null, Map.of("ideas", "0.2"), Map.of("gpt-4o", "0.2"));
        RunSnapshot r1Again = run("r1", "Pipeline", new BigDecimal("5"),
                Map.of("ideas", "0.1", "rank", "0.0000001", "late", "0.000000000001"),
                Map.of("claude-sonnet-4-5", "0.1000001", "gpt-4o-mini", "0.000000000001"));
        RunSnapshot odd = run("r3", "Wf \"quoted\" \\ é 中 \u0001", new BigDecimal("0.50"),
                Map.of("a\"b", "1", "tab\there", "0.000000000001", "ünï", "12345.678901234567"),
                Map.of("m/é", "12345.678901235568"));
        compare((String) null, true, r1, r2, r1Again, odd, r2);
        compare((String) null, true, r1, r1, r1Again, r1);
    }

    @Test
    void aLargeLogOfTheAgentsOwnFormGivesTheSameBytes() throws Exception {
        byte[] big = Files.readAllBytes(LogCrashTest.bigLog(dir.resolve("big.json"), 1500));
        assertNotNull(LogScanner.scan(big), "the agent's own form takes the fast path");
        compare(big, true, simple("new-1"), simple("new-1"), simple("initial-7"));
        // A log written by this store, then written to again by both.
        Outcome once = compare(big, true, simple("a"));
        assertNotNull(LogScanner.scan(once.log()));
        compare(once.log(), true, simple("b"), simple("a"));
    }

    @Test
    void emptyAndMissingLogsAndAnEmptyRunsList() throws Exception {
        compare((String) null, true, simple("r1"));
        compare("", true, simple("r1"));
        compare("  \n", true, simple("r1"));
        compare("{\"runs\":[],\"cumulative\":{\"runs\":0,\"total_cost_usd\":0,\"stages\":{},\"models\":{},"
                + "\"workflows\":{}}}", true, simple("r1"), simple("r2"));
    }

    @Test
    void logsInOtherFormsKeepTheSameContent() throws Exception {
        String cumulative = "\"cumulative\": {\"runs\": 2, \"total_cost_usd\": 1.50, \"stages\": {\"ideas\": 1.5E0, "
                + "\"rank\": 0}, \"models\": {\"claude-sonnet-4-5\": 1.500}, \"workflows\": {\"Pipeline\": 1}}";
        String run1 = "{\"run_id\":\"r0\",\"workflow\":\"Pipeline\",\"budget_usd\":5.00,\"total_cost_usd\":0.50,"
                + "\"costs\":{\"ideas\":0.5}}";
        String run2 = "{\"run_id\": \"r1\", \"budget_usd\": null, \"total_cost_usd\": 1e0, \"costs\": {}}";
        compare("{\"runs\":[" + run1 + "," + run2 + "]," + cumulative + "}", false, simple("r1"), simple("r9"));
        compare("{\"runs\":[" + run1 + "," + run2 + "]," + cumulative + "}", false, simple("r0"));
        compare("\r\n{\r\n\t\"runs\" : [ " + run1 + " ,\r\n " + run2 + " ] , " + cumulative + " }\r\n", false,
                simple("x"));
        // A byte-order mark, which only Jackson's own detection reads.
        compare("\uFEFF{\"runs\":[" + run1 + "]," + cumulative + "}", false, simple("x"));
        // Fields from a newer version, at every level, and names and texts that need escapes or are not ASCII.
        compare("{\"format\": 9, \"meta\": {\"a\": [1, 2.50, true, null, {\"b\": \"c\"}], \"big\": 123456789012345678901234567890},"
                + " \"runs\": [{\"run_id\": \"old\", \"extra\": [1, 2], \"tags\": {\"x\": 1}}, {\"run_id\": \"o2\", \"tags\": 1,"
                + " \"z\\u00e9\": \"\\u00e9\\n\", \"\u00fcml\": \"\u4e2d\"}, {\"run_id\": \"a\\\"b\"}],"
                + " \"cumulative\": {\"runs\": 3, \"total_cost_usd\": 0.5, \"stages\": {\"a\\\"b\": 0.25}, \"models\": {},"
                + " \"workflows\": {}, \"future\": \"kept\", \"n\": -0}, \"tail\": false}", false,
                simple("r1"), run("a\"b", "W", null, Map.of("a\"b", "0.25"), Map.of()));
        // Run entries that are not objects, ids that are not strings.
        compare("{\"runs\": [1, \"r1\", [], null, {\"run_id\": 12}, {\"run_id\": 1.50}, {\"run_id\": {}}, {\"run_id\": null},"
                + " {}], \"cumulative\": {\"runs\": 9, \"total_cost_usd\": 0, \"stages\": {}, \"models\": {}, \"workflows\": {}}}",
                false, simple("12"), simple("1.5"), simple(""), simple("null"), simple("r1"));
        // Whole numbers beyond a long, decimals with exponents.
        compare("{\"runs\": [], \"cumulative\": {\"runs\": 99999999999999999999, \"total_cost_usd\": 1E+2, \"stages\": "
                + "{\"ideas\": 2.5e-3, \"x\": 123456789012345678901234567890}, \"models\": {}, \"workflows\": {}}}",
                true, simple("r1"));
        // Everything but the runs is rewritten as databind wrote it, whatever form it had: read by the fast path,
        String others = "{\"a\":{\"s\":\"\\u00e9\\ud83d\\ude00\\t\\\"\\/\\\\\\u0001\\b\\f\\n\\r\u4e2d\",\"n\":[-0,0.0,-1.50e-2,1E2,"
                + "2147483648,-2147483649,9223372036854775808,1.0e+0,0e5,123456789,-12.5E+1],\"e\":{},\"l\":[],"
                + "\"t\":[true,false,null]},\"runs\":[],\"cumulative\":{\"x\":[{\"y\":{}}, [ ] ],\"runs\":-3,"
                + "\"total_cost_usd\":-0.000,\"stages\":{\"\u00e9\":1.10},\"models\":{\"m\":7},"
                + "\"workflows\":{\"Pipeline\":0.5E1}},\"z\":\"\"}";
        assertNotNull(LogScanner.scan(others.getBytes(StandardCharsets.UTF_8)));
        compare(others, true, simple("r1"), simple("r2"));
        // and by Jackson's, when a name holds an escape.
        compare("{\"a\":{\"s\":\"\\u00e9\\ud83d\\ude00\\t\\\"\\/\\u0001\u4e2d\",\"n\":[-0,0.0,-1.50e-2,1E2,2147483648,-2147483649,"
                + "9223372036854775808,1.0e+0,0e5],\"e\":{},\"l\":[],\"t\":[true,false,null]},\"runs\":[],"
                + "\"cumulative\":{\"x\":[{\"y\":{}}],\"runs\":-3,\"total_cost_usd\":-0.000,\"stages\":{\"\\u00e9\":1.10},"
                + "\"models\":{\"m\":7},\"workflows\":{\"Pipeline\":0.5E1}},\"z\":\"\"}", true, simple("r1"), simple("r2"));
    }

    @Test
    void brokenLogsAreSetAsideAlikeWithTheSameWarnings() throws Exception {
        String valid = "{\"runs\": [], \"cumulative\": {\"runs\": 0, \"total_cost_usd\": 0, \"stages\": {}, "
                + "\"models\": {}, \"workflows\": {}}}";
        List<String> broken = new ArrayList<>(List.of(
                "{\"runs\": [ {\"run_id\": \"x\"  ",
                "{\"runs\": {}, \"cumulative\": {}}",
                "[]", "5", "\"text\"", "null", "{}",
                "{\"runs\": [], \"cumulative\": []}",
                "{\"runs\": [], \"cumulative\": {\"runs\": 1.5, \"total_cost_usd\": 0}}",
                "{\"runs\": [], \"cumulative\": {\"runs\": 1, \"total_cost_usd\": \"0\"}}",
                "{\"runs\": [], \"cumulative\": {\"runs\": 1, \"total_cost_usd\": 0, \"stages\": [], \"models\": {}}}",
                "{\"runs\": [], \"cumulative\": {\"runs\": 1, \"total_cost_usd\": 0, \"stages\": {}, \"models\": {\"m\": \"1\"},"
                        + " \"workflows\": {}}}",
                valid.replace("{\"runs\": [],", "{\"runs\": [{\"run_id\": \"a\"}], \"runs\": [],"),
                valid.replace("[]", "[{\"run_id\": \"a\", \"run_id\": \"b\"}]"),
                valid.replace("[]", "[{\"run_id\": \"a\", \"costs\": {\"x\": 1, \"x\": 2}}]"),
                valid + "\n{\"runs\": []}",
                valid + " x",
                valid + ",",
                valid.replace("0,", "01,"),
                valid.replace("0,", "+1,"),
                valid.replace("0,", ".5,"),
                valid.replace("0,", "NaN,"),
                valid.replace("[]", "[tru]"),
                valid.replace("[]", "[\"a\tb\"]"),
                valid.replace("[]", "[\"\\x\"]"),
                valid.replace("[]", "[{\"a\": 1,}]"),
                valid.replace("[]", "[1 2]"),
                valid.replace("[]", "[" + "[".repeat(1200) + "]".repeat(1200) + "]"),
                valid.replace("[]", "[1" + "0".repeat(1200) + "]"),
                valid.replace("{}", "{\"" + "n".repeat(60_000) + "\": 1}"),
                valid.replace("[]", "[/* comment */]")));
        for (String text : broken) {
            Outcome now = compare(text, true, simple("r1"));
            assertEquals(1, now.asides().size(), "set aside: " + text);
        }
        // Bytes that are not UTF-8.
        byte[] bad = valid.replace("[]", "[\"ab\"]").getBytes(StandardCharsets.UTF_8);
        bad[bad.length - 80] = (byte) 0xC3;
        compare(bad, true, simple("r1"));
    }

    private static final int CASES = 150;

    @Test
    void randomlyDamagedLogsAreJudgedAndUpdatedAlike() throws Exception {
        String base = new String(Files.readAllBytes(LogCrashTest.bigLog(dir.resolve("small.json"), 3)),
                StandardCharsets.UTF_8).replace("\"status\"", "\"tag\" : [ 1, \"é\\n\", { \"k\" : null } ],\n    \"status\"");
        long seed = Long.getLong("diff.seed", System.nanoTime());
        Random random = new Random(seed);
        String alphabet = "{}[]\",:0123456789.-+eE \n\\tfnrul\u00e9a";
        int kept = 0;
        int scanned = 0;
        for (int k = 0; k < CASES; k++) {
            String damaged = TextDamage.damage(base, random, 2, alphabet);
            try {
                Outcome now = compare(damaged, false, simple("initial-1"), simple("new"));
                kept += now.asides().isEmpty() ? 1 : 0;
                scanned += LogScanner.scan(damaged.getBytes(StandardCharsets.UTF_8)) == null ? 0 : 1;
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + ", case " + k, e);
            }
        }
        assertTrue(kept > 0 && scanned > 0 && scanned < CASES, "damaged logs on both paths, some still read: "
                + kept + " read, " + scanned + " on the fast path");
    }

    @Test
    void theCumulativeTotalsAreExactOverManyRuns() throws Exception {
        List<RunSnapshot> runs = new ArrayList<>();
        Map<String, String> stages = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            stages.put("s" + (i % 7), "0.00000000000" + (1 + i % 9));
            runs.add(run("r" + i, "W" + (i % 3), new BigDecimal("0.1"), Map.copyOf(stages),
                    Map.of("m" + (i % 4), "0.000000000003")));
        }
        Outcome now = compare((String) null, true, runs.toArray(RunSnapshot[]::new));
        assertNotNull(now.log());
    }
}
