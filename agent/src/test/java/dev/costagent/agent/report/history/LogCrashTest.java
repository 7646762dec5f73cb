package dev.costagent.agent.report.history;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.costagent.agent.events.RunSnapshot;
import dev.costagent.agent.report.RunSnapshotJson;
import dev.costagent.agent.report.FileReplacer;
import dev.costagent.agent.log.AgentLog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

/**
 * Issue #4, point 2: {@code kill -9} in the middle of log writes never corrupts or truncates the log, and never
 * loses a run written before; a process that dies or freezes holding the lock does not stop the others.
 *
 * <p>Waves of {@value #WRITERS} child JVMs ({@link LogWriterChild}) add runs to one large log as fast as they can,
 * taking turns on its lock, and are killed with SIGKILL one by one at random moments, {@value #KILLS} kills in all.
 * A write of the 400 kB log takes tens of milliseconds (read, parse, render, fsync, rename), so the kills land at
 * every stage of it. After each kill the log must parse, hold every run any writer reported written, and have
 * exact cumulative totals. (Whether a half-written file can ever be seen is proven more sharply, in-process, by
 * {@code AtomicFilesTest}.)
 */
class LogCrashTest {

    static final int KILLS = 8;
    private static final int WRITERS = 4;
    private static final int INITIAL_RUNS = 1500;
    private static final BigDecimal RUN_COST = new BigDecimal("0.001");
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

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
        return dev.costagent.fixtures.CostLogs.run(id, "Crash", "completed", Map.of("ideas", RUN_COST.toPlainString()), "m");
    }

    /** A log of {@code count} runs {@code initial-<n>}, written directly rather than run by run. */
    static Path bigLog(Path log, int count) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode runs = root.putArray("runs");
        for (int i = 0; i < count; i++) {
            ObjectNode r = runs.addObject();
            r.put("run_id", "initial-" + i);
            r.put("workflow", "Crash");
            r.put("started_at", "2026-11-22T08:00:00Z");
            r.put("ended_at", "2026-11-22T08:00:01Z");
            r.put("status", "completed");
            r.put("budget_usd", new BigDecimal("5"));
            r.put("total_cost_usd", RUN_COST);
            r.putObject("costs").put("ideas", RUN_COST);
        }
        ObjectNode c = root.putObject("cumulative");
        BigDecimal total = RUN_COST.multiply(BigDecimal.valueOf(count));
        c.put("runs", count);
        c.put("total_cost_usd", total);
        c.putObject("stages").put("ideas", total);
        c.putObject("models").put("m", total);
        c.putObject("workflows").put("Crash", total);
        Files.write(log, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        return log;
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

    @Test
    void killingWritersAtRandomMomentsNeverCorruptsTheLogNorLosesAWrittenRun() throws Exception {
        Path log = bigLog(dir.resolve("cost_log.json"), INITIAL_RUNS);
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
                Process p = child("write", log.toString(), "w" + wave + "c" + w);
                collect(p, lines, first);
                writers.add(p);
                started.add(first);
            }
            for (CountDownLatch first : started) {
                assertTrue(first.await(60, TimeUnit.SECONDS), "every writer is writing");
            }
            // The writers take turns on the lock; each is killed at a random moment while the others go on.
            for (Process p : writers) {
                Thread.sleep(random.nextInt(80));
                p.destroyForcibly();
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
                kills++;
                for (String line : lines) {
                    assertTrue(line.startsWith("WROTE "), line);
                    mustBeThere.add(line.substring("WROTE ".length()));
                }
                assertWholeAndHolding(log, mustBeThere, "after kill " + kills + " (seed " + seed + ")");
            }
        }
        assertTrue(mustBeThere.size() - INITIAL_RUNS >= KILLS, "the writers wrote before they were killed");

        // The next writer is not blocked by the dead ones' lock, and removes their temporary files.
        new CostLogStore(log, CostLogStore.DEFAULT_KEEP, AgentLog.get(getClass())).write(run("after"));
        mustBeThere.add("after");
        assertWholeAndHolding(log, mustBeThere, "after a clean write");
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("cost_log.json", "cost_log.json.index", "cost_log.json.lock"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    /** The log parses, holds every run in {@code mustBeThere} once, and its cumulative totals are exact. */
    private static void assertWholeAndHolding(Path log, Set<String> mustBeThere, String when) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(log.toFile());
        } catch (IOException e) {
            throw new AssertionError(when + ": the log does not parse (" + Files.size(log) + " bytes)", e);
        }
        assertTrue(root != null && root.path("runs").isArray(), when + ": no runs list");
        Set<String> ids = new HashSet<>();
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonNode r : root.get("runs")) {
            assertTrue(ids.add(r.get("run_id").asText()), when + ": run twice: " + r.get("run_id"));
            sum = sum.add(r.get("total_cost_usd").decimalValue());
        }
        Set<String> missing = new HashSet<>(mustBeThere);
        missing.removeAll(ids);
        assertTrue(missing.isEmpty(), when + ": runs lost: " + missing);
        assertEquals(ids.size(), root.at("/cumulative/runs").asInt(), when + ": cumulative run count");
        assertEquals(0, sum.compareTo(root.at("/cumulative/total_cost_usd").decimalValue()),
                when + ": cumulative total " + root.at("/cumulative/total_cost_usd") + " vs the runs' " + sum);
        assertEquals(0, RUN_COST.multiply(BigDecimal.valueOf(ids.size()))
                .compareTo(root.at("/cumulative/stages/ideas").decimalValue()), when + ": cumulative stage");
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

        CostLogStore store = new CostLogStore(log, CostLogStore.DEFAULT_KEEP, AgentLog.get(getClass()), FileReplacer.ATOMIC, Duration.ofMillis(300));
        long start = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> store.write(run("blocked")));
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(waited >= 300 && waited < 10_000, "waited " + waited + " ms");
        assertEquals("another process has held " + log + ".lock for more than 300 ms", e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(log), "the log is unchanged");

        holder.destroyForcibly();
        assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        // The holder died: its lock went with it.
        new CostLogStore(log, CostLogStore.DEFAULT_KEEP, AgentLog.get(getClass())).write(run("after"));
        assertFalse(JSON.readTree(log.toFile()).get("runs").findValuesAsText("run_id").contains("blocked"));
        assertEquals(List.of("before", "after"), JSON.readTree(log.toFile()).get("runs").findValuesAsText("run_id"));
    }
}
