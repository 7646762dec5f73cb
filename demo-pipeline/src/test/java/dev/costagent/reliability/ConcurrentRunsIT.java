package dev.costagent.reliability;

import static dev.costagent.reliability.RunFiles.CALL;
import static dev.costagent.reliability.RunFiles.assertUsd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #4, point 1: {@value #JVMS} JVMs end at the same moment on one {@code cost_log.json}. Every run is recorded
 * once, the cumulative totals are exact, and a reader parsing the file without pause the whole time never sees it
 * missing or half written.
 *
 * <p>The JVMs spend first and then wait at a barrier (a line on standard input), so that all of them are released
 * together and their shutdown hooks race for the log. The log starts with {@value #EARLIER_RUNS} earlier runs, so
 * that each write takes long enough to overlap the others.
 */
class ConcurrentRunsIT {

    static final int JVMS = 8;
    private static final int ARCHIVING_JVMS = 6;
    private static final int EARLIER_RUNS = 400;
    private static final BigDecimal EARLIER_COST = new BigDecimal("0.01");

    @TempDir
    Path work;

    /** A log of earlier runs, as the agent writes it. */
    private static void earlierLog(Path log) throws Exception {
        ObjectNode root = RunFiles.JSON.createObjectNode();
        ArrayNode runs = root.putArray("runs");
        for (int i = 0; i < EARLIER_RUNS; i++) {
            ObjectNode r = runs.addObject();
            r.put("run_id", "earlier-" + i);
            r.put("workflow", "Earlier");
            r.put("started_at", "2026-11-21T08:00:00Z");
            r.put("ended_at", "2026-11-21T08:00:01Z");
            r.put("status", "completed");
            r.putNull("budget_usd");
            r.put("total_cost_usd", EARLIER_COST);
            r.putObject("costs").put("work", EARLIER_COST);
        }
        BigDecimal total = EARLIER_COST.multiply(BigDecimal.valueOf(EARLIER_RUNS));
        ObjectNode c = root.putObject("cumulative");
        c.put("runs", EARLIER_RUNS);
        c.put("total_cost_usd", total);
        c.putObject("stages").put("work", total);
        c.putObject("models").put("claude-sonnet-4-5", total);
        c.putObject("workflows").put("Earlier", total);
        Files.createDirectories(log.getParent());
        Files.write(log, RunFiles.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }

    /**
     * Starts {@code jvms} JVMs that spend and wait, releases them together, and reads the log without pause while
     * they write it.
     *
     * @return the children, all ended with status 0
     */
    private List<ChildJvm> endTogether(Path out, int jvms, String... options) throws Exception {
        Path log = out.resolve("cost_log.json");
        List<ChildJvm> children = new ArrayList<>();
        AtomicBoolean reading = new AtomicBoolean(true);
        AtomicInteger reads = new AtomicInteger();
        AtomicReference<String> broken = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            while (reading.get() && broken.get() == null) {
                try {
                    JsonNode root = RunFiles.JSON.readTree(Files.readAllBytes(log));
                    if (root == null || !root.path("runs").isArray() || !root.path("cumulative").isObject()) {
                        broken.set("read a document that is not a whole log");
                    }
                    reads.incrementAndGet();
                } catch (Exception e) {
                    broken.set("read failed: " + e);
                }
            }
        }, "log-reader");
        try {
            for (int i = 0; i < jvms; i++) {
                List<String> opts = new ArrayList<>(List.of("-Dcostagent.out=" + out, "-Dcostagent.workflow=w" + i));
                opts.addAll(List.of(options));
                children.add(ChildJvm.in(work.resolve(out.getFileName() + "-jvm" + i))
                        .options(opts.toArray(String[]::new))
                        .start("wait-then-return", Integer.toString(i + 1)));
            }
            for (ChildJvm c : children) {
                c.awaitReady();
            }
            reader.start();
            for (ChildJvm c : children) {
                c.proceed();
            }
            for (ChildJvm c : children) {
                assertEquals(0, c.exit(), c.all());
            }
        } finally {
            reading.set(false);
            reader.join(30_000);
            for (ChildJvm c : children) {
                c.close();
            }
        }
        assertNull(broken.get(), "after " + reads.get() + " whole reads");
        assertTrue(reads.get() >= jvms, "the reader read while the JVMs wrote: " + reads.get());
        return children;
    }

    /** The run id each child's agent said it wrote. */
    private static String runId(ChildJvm c) {
        List<String> runLines = c.agentLines(" cost $").stream().filter(l -> l.startsWith("[cost-agent] Run ")).toList();
        assertEquals(1, runLines.size(), c.all());
        return runLines.get(0).split(" ")[2];
    }

    @Test
    void jvmsEndingTogetherRecordEveryRunOnceWithExactTotalsAndReadersNeverSeeAHalfFile() throws Exception {
        Path out = work.resolve("shared-data");
        Path log = out.resolve("cost_log.json");
        earlierLog(log);
        List<ChildJvm> children = endTogether(out, JVMS);
        JsonNode root = RunFiles.read(log);
        Set<String> ids = new HashSet<>();
        for (JsonNode r : root.get("runs")) {
            assertTrue(ids.add(r.get("run_id").asText()), "recorded twice: " + r);
        }
        assertEquals(EARLIER_RUNS + JVMS, ids.size());
        BigDecimal spent = BigDecimal.ZERO;
        for (int i = 0; i < JVMS; i++) {
            String runId = runId(children.get(i));
            assertTrue(ids.contains(runId), "run " + runId + " of JVM " + i + " is in the log");
            BigDecimal mine = CALL.multiply(BigDecimal.valueOf(i + 1));
            assertUsd(mine, root.at("/cumulative/workflows/w" + i), "workflow w" + i);
            spent = spent.add(mine);
        }
        BigDecimal earlier = EARLIER_COST.multiply(BigDecimal.valueOf(EARLIER_RUNS));
        assertEquals(EARLIER_RUNS + JVMS, root.at("/cumulative/runs").asInt());
        assertUsd(earlier.add(spent), root.at("/cumulative/total_cost_usd"), "cumulative total");
        assertUsd(earlier.add(spent), root.at("/cumulative/stages/work"), "cumulative stage");
        assertEquals(0, CALL.multiply(BigDecimal.valueOf(JVMS * (JVMS + 1) / 2)).compareTo(spent), "1 + 2 + ... calls");
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of("cost_log.json", "cost_log.json.index", "cost_log.json.lock", "cost_report.json"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary file left");
        }
    }

    /**
     * Issue 16: six JVMs end together on a log that holds as many runs as it keeps, so that their writes move the
     * oldest runs to the archive while the others wait for the lock: no run is lost or counted twice.
     */
    @Test
    void jvmsEndingTogetherOnAFullLogArchiveWithoutLosingOrDoublingARun() throws Exception {
        Path out = work.resolve("full-data");
        earlierLog(out.resolve("cost_log.json"));
        List<ChildJvm> children = endTogether(out, ARCHIVING_JVMS, "-Dcostagent.log.keep=" + EARLIER_RUNS);

        RunFiles.History h = RunFiles.history(out);
        Set<String> ids = new HashSet<>();
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonNode r : h.runs()) {
            assertTrue(ids.add(r.get("run_id").asText()), "recorded twice: " + r.get("run_id"));
            sum = sum.add(r.get("total_cost_usd").decimalValue());
        }
        for (int i = 0; i < EARLIER_RUNS; i++) {
            assertTrue(ids.contains("earlier-" + i), "earlier-" + i + " is kept");
        }
        for (ChildJvm c : children) {
            assertTrue(ids.contains(runId(c)), "the run of " + c.all() + " is recorded");
        }
        assertEquals(EARLIER_RUNS + ARCHIVING_JVMS, ids.size());
        assertTrue(h.archived() > 0, "runs moved to the archive");
        assertTrue(h.logged() <= EARLIER_RUNS, "the log holds at most what it keeps: " + h.logged());
        assertEquals(EARLIER_RUNS + ARCHIVING_JVMS, h.cumulative().get("runs").asInt());
        assertUsd(sum, h.cumulative().get("total_cost_usd"), "cumulative total against the runs' sum");
        BigDecimal spent = CALL.multiply(BigDecimal.valueOf(ARCHIVING_JVMS * (ARCHIVING_JVMS + 1) / 2));
        assertUsd(EARLIER_COST.multiply(BigDecimal.valueOf(EARLIER_RUNS)).add(spent), h.cumulative().get("total_cost_usd"),
                "cumulative total");
        try (Stream<Path> files = Files.list(out.resolve("cost_log.archive"))) {
            assertTrue(files.allMatch(p -> p.getFileName().toString().endsWith(".jsonl.gz")), "no move left unfinished");
        }
    }
}
