package dev.costagent.agent.report.history;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.costagent.agent.events.RunSnapshot;
import dev.costagent.agent.log.AgentLog;
import dev.costagent.agent.report.FileReplacer;
import dev.costagent.fixtures.CostLogs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue #4, point 2, and issue 16: {@code kill -9} in the middle of log writes, archiving included, never corrupts
 * the log, never loses a run written before and never counts one twice; a process that dies or freezes holding the
 * lock does not stop the others.
 */
class LogCrashTest {

    static final int KILLS = 8;
    private static final int WRITERS = 4;
    private static final int INITIAL_RUNS = 1500;
    private static final BigDecimal RUN_COST = new BigDecimal("0.001");
    private static final Instant START = Instant.parse("2026-09-30T23:59:00Z");

    @TempDir
    Path dir;
    /** Every child started, so that none outlives the test whatever happens. */
    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void killChildren() throws InterruptedException {
        for (Process p : children) {
            p.destroyForcibly();
        }
        for (Process p : children) {
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    static RunSnapshot run(String id) {
        return LogWriterChild.run(id);
    }

    private Process child(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", testClassPath(), LogWriterChild.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        children.add(p);
        return p;
    }

    static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /** Reads the child's lines as they come; {@code first} opens at the first one. */
    private static void collect(Process p, ConcurrentLinkedQueue<String> lines, CountDownLatch first) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                    first.countDown();
                }
            } catch (IOException e) {
                // The pipe breaks when the child is killed: the lines read so far are what counts.
            }
        }, "child-output");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Waves of {@value #WRITERS} child JVMs add runs to one log that is full (it keeps {@value #INITIAL_RUNS} runs, so
     * every fifteenth write moves fifteen runs to the archive), taking turns on its lock, and are killed with SIGKILL
     * one by one at random moments, {@value #KILLS} kills in all. After each kill the history (log and archives, read
     * as readers read them) must hold every run any writer reported written, each once, with exact totals.
     */
    @Test
    void killingWritersAtRandomMomentsNeverCorruptsTheHistoryNorLosesOrDoublesARun() throws Exception {
        Path log = CostLogs.oldLog(dir.resolve("cost_log.json"), INITIAL_RUNS, "initial-", RUN_COST, START);
        Set<String> mustBeThere = new HashSet<>();
        for (int i = 0; i < INITIAL_RUNS; i++) {
            mustBeThere.add("initial-" + i);
        }
        long seed = Long.getLong("crash.seed", System.nanoTime());
        Random random = new Random(seed);
        ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        int kills = 0;
        for (int wave = 0; wave < KILLS / WRITERS; wave++) {
            List<Process> writers = new ArrayList<>();
            List<CountDownLatch> started = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                CountDownLatch first = new CountDownLatch(1);
                Process p = child("write", log.toString(), "w" + wave + "c" + w, Integer.toString(INITIAL_RUNS));
                collect(p, lines, first);
                writers.add(p);
                started.add(first);
            }
            for (CountDownLatch first : started) {
                assertTrue(first.await(60, TimeUnit.SECONDS), "every writer is writing");
            }
            for (Process p : writers) {
                Thread.sleep(random.nextInt(80));
                p.destroyForcibly();
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
                kills++;
                for (String line : lines) {
                    assertTrue(line.startsWith("WROTE "), line);
                    mustBeThere.add(line.substring("WROTE ".length()));
                }
                assertHistoryHolds(mustBeThere, "after kill " + kills + " (seed " + seed + ")");
            }
        }
        assertTrue(mustBeThere.size() - INITIAL_RUNS >= KILLS, "the writers wrote before they were killed");
        assertTrue(Files.isDirectory(dir.resolve("cost_log.archive")), "runs were archived while writers were killed");

        // The next writer is not blocked by the dead ones' lock, repairs what they left and removes their files.
        new CostLogStore(log, INITIAL_RUNS, AgentLog.get(getClass())).write(run("after"));
        mustBeThere.add("after");
        assertHistoryHolds(mustBeThere, "after a clean write");
        CostLogs.Folder f = CostLogs.read(dir);
        f.assertEachRunOnceAndTotalsExact("read independently after a clean write");
        assertTrue(f.ids().containsAll(mustBeThere));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("cost_log.archive", "cost_log.json", "cost_log.json.index", "cost_log.json.lock"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        try (Stream<Path> s = Files.list(dir.resolve("cost_log.archive"))) {
            assertTrue(s.allMatch(p -> p.getFileName().toString().endsWith(".jsonl.gz")), "no intent, no temporary");
        }
    }

    /** The history as a reader sees it holds every run in {@code mustBeThere}, each once, with exact totals. */
    private void assertHistoryHolds(Set<String> mustBeThere, String when) throws IOException {
        Set<String> ids = new HashSet<>();
        List<String> twice = new ArrayList<>();
        CumulativeTotals totals = FolderHistory.at(dir).scan(r -> {
            if (!ids.add(r.run().runId())) {
                twice.add(r.run().runId());
            }
            return true;
        });
        assertTrue(twice.isEmpty(), when + ": runs read twice: " + twice);
        Set<String> missing = new HashSet<>(mustBeThere);
        missing.removeAll(ids);
        assertTrue(missing.isEmpty(), when + ": runs lost: " + missing);
        assertEquals(ids.size(), totals.runs(), when + ": cumulative run count");
        assertEquals(0, RUN_COST.multiply(BigDecimal.valueOf(ids.size())).compareTo(totals.totalUsd()),
                when + ": cumulative total " + totals.totalUsd() + " for " + ids.size() + " runs");
    }

    /**
     * A writer moving runs to the archive is killed exactly between two steps of the move (its hook stops it there),
     * on the usual path (the log as this version wrote it) and on the parsing one (no index). Readers meanwhile read
     * each run once; the next write repairs or completes the move, and counts each run once.
     */
    @ParameterizedTest(name = "killed at {0}, {1} path")
    @CsvSource({"INTENT_WRITTEN, indexed", "ARCHIVED, indexed", "LOG_REPLACED, indexed", "INDEX_WRITTEN, indexed",
            "INTENT_WRITTEN, parsed", "ARCHIVED, parsed", "LOG_REPLACED, parsed", "ARCHIVED-CUT, indexed"})
    void aWriterKilledBetweenTwoStepsOfArchivingIsRepairedByTheNext(String at, String path) throws Exception {
        int keep = 200;
        Path log = CostLogs.oldLog(dir.resolve("cost_log.json"), keep - 1, "initial-", RUN_COST, START);
        new CostLogStore(log, keep, AgentLog.get(getClass())).write(run("full"));   // the log is full, and indexed
        if (path.equals("parsed")) {
            Files.delete(dir.resolve("cost_log.json.index"));
        }
        String step = at.replace("-CUT", "");
        Process p = child("pause-at", log.toString(), step, Integer.toString(keep), "killed");
        ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        CountDownLatch reached = new CountDownLatch(1);
        collect(p, lines, reached);
        assertTrue(reached.await(60, TimeUnit.SECONDS), "the writer reached " + step);
        assertEquals(List.of("AT " + step), List.copyOf(lines));
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        if (at.endsWith("-CUT")) {
            // As if killed half-way through the member: its end is not on disk.
            Path october = dir.resolve("cost_log.archive/2026-10.jsonl.gz");
            byte[] whole = Files.readAllBytes(october);
            Files.write(october, java.util.Arrays.copyOf(whole, whole.length / 2));
        }
        boolean replaced = step.equals("LOG_REPLACED") || step.equals("INDEX_WRITTEN");
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < keep - 1; i++) {
            expected.add("initial-" + i);
        }
        expected.add("full");
        if (replaced) {
            expected.add("killed");
        }
        assertTrue(Files.exists(dir.resolve("cost_log.archive/intent.json")), "the kill left the move unfinished");
        if (!at.endsWith("-CUT")) {
            Set<String> read = new HashSet<>();
            FolderHistory.at(dir).scan(r -> {
                assertTrue(read.add(r.run().runId()), "read twice: " + r.run().runId());
                return true;
            });
            assertEquals(expected, read, "readers read the history as the repair will leave it");
        }

        new CostLogStore(log, keep, AgentLog.get(getClass())).write(run("next"));
        expected.add("next");
        CostLogs.Folder f = CostLogs.read(dir);
        f.assertEachRunOnceAndTotalsExact("after the repair");
        assertEquals(expected, new HashSet<>(f.ids()));
        assertEquals(0, RUN_COST.multiply(BigDecimal.valueOf(expected.size()))
                .compareTo(f.cumulative().get("total_cost_usd").decimalValue()));
        assertFalse(Files.exists(dir.resolve("cost_log.archive/intent.json")));
        assertEquals(List.of("initial-0", "initial-1"), f.ids().subList(0, 2), "oldest first, across two months");
        assertEquals(List.of("2026-09.jsonl.gz", "2026-10.jsonl.gz"), f.archives());
    }

    @Test
    void aProcessHoldingTheLockForeverMakesAWriteFailInsteadOfHanging() throws Exception {
        Path log = dir.resolve("cost_log.json");
        new CostLogStore(log, CostLogStore.DEFAULT_KEEP, AgentLog.get(getClass())).write(run("before"));
        byte[] before = Files.readAllBytes(log);
        Process holder = child("hold-lock", log.toString());
        CountDownLatch locked = new CountDownLatch(1);
        collect(holder, new ConcurrentLinkedQueue<>(), locked);
        assertTrue(locked.await(60, TimeUnit.SECONDS), "the other process holds the lock");

        CostLogStore store = new CostLogStore(log, CostLogStore.DEFAULT_KEEP, AgentLog.get(getClass()),
                FileReplacer.ATOMIC, Duration.ofMillis(300));
        long start = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> store.write(run("blocked")));
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(waited >= 300 && waited < 10_000, "waited " + waited + " ms");
        assertEquals("another process has held " + log + ".lock for more than 300 ms", e.getMessage());
        assertTrue(CostLogStore.isLockTimeout(e));
        assertArrayEquals(before, Files.readAllBytes(log), "the log is unchanged");
        // Its entry waits in the spool, written without the lock.
        Path spooled = store.spool(run("blocked"));

        holder.destroyForcibly();
        assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        // The holder died: its lock went with it, and the next write merges the spooled entry.
        new CostLogStore(log, CostLogStore.DEFAULT_KEEP, AgentLog.get(getClass())).write(run("after"));
        assertEquals(List.of("before", "blocked", "after"), CostLogs.read(dir).ids());
        assertFalse(Files.exists(spooled));
    }
}
