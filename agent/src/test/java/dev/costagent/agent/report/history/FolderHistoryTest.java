package dev.costagent.agent.report.history;

import static dev.costagent.fixtures.CostLogs.runAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.costagent.agent.log.AgentLog;
import dev.costagent.agent.report.RunSnapshotJson;
import dev.costagent.agent.report.RunSnapshotReader.RunRecord;
import dev.costagent.fixtures.CostLogs;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history reader the CLI and the fleet store use: every run, oldest first, each once, archives included. */
class FolderHistoryTest {

    private static final Instant START = Instant.parse("2026-09-20T10:00:00Z");

    @TempDir
    Path dir;

    private List<String> ids(RunHistory h) throws Exception {
        List<String> ids = new ArrayList<>();
        h.scan(r -> ids.add(r.run().runId()));
        return ids;
    }

    @Test
    void aLogOfAnOlderVersionReadsAsRunsWithTheirStageCostsOnly() throws Exception {
        CostLogs.oldLog(dir.resolve("cost_log.json"), 3, "old-", new BigDecimal("0.25"), START);
        FolderHistory h = FolderHistory.at(dir);
        List<RunRecord> runs = new ArrayList<>();
        CumulativeTotals totals = h.scan(runs::add);
        assertEquals(List.of("old-0", "old-1", "old-2"), runs.stream().map(r -> r.run().runId()).toList());
        assertFalse(runs.get(0).detailed());
        assertEquals(new BigDecimal("0.25"), runs.get(0).costs().get("ideas"));
        assertEquals(3, totals.runs());
        assertEquals(new BigDecimal("0.75"), totals.totalUsd());
        assertEquals(new BigDecimal("0.75"), totals.workflows().get("Old"));
        assertEquals(totals, FolderHistory.at(dir.resolve("cost_log.json")).cumulative(), "the file itself will do");
        assertEquals(dir.resolve("cost_log.json").toAbsolutePath().normalize(), h.log());
    }

    @Test
    void theArchivesAreReadFirstMonthByMonthAndAScanCanStopEarly() throws Exception {
        CostLogStore store = new CostLogStore(dir.resolve("cost_log.json"), 3, AgentLog.get(getClass()));
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            store.write(runAt("r" + i, START.plusSeconds(7L * 24 * 3600 * i), "0.1"));
            written.add("r" + i);
        }
        FolderHistory h = FolderHistory.at(dir);
        assertEquals(written, ids(h));
        assertTrue(h.archiveFiles().size() >= 3, "several months: " + h.archiveFiles());
        List<String> firstTwo = new ArrayList<>();
        CumulativeTotals totals = h.scan(r -> {
            firstTwo.add(r.run().runId());
            return firstTwo.size() < 2;
        });
        assertEquals(List.of("r0", "r1"), firstTwo);
        assertEquals(12, totals.runs(), "the totals are the whole history's even when the scan stops");
        assertEquals(new BigDecimal("1.2"), totals.totalUsd());
        assertEquals("r0", h.find("r0").orElseThrow().run().runId());
        assertEquals("r11", h.find("r11").orElseThrow().run().runId());
        assertTrue(h.find("r12").isEmpty());
    }

    @Test
    void archivesWithoutALogStillReadAndAddUp() throws Exception {
        CostLogStore store = new CostLogStore(dir.resolve("cost_log.json"), 1, AgentLog.get(getClass()));
        for (int i = 0; i < 4; i++) {
            store.write(runAt("r" + i, START, "0.5"));
        }
        Files.delete(dir.resolve("cost_log.json"));
        CumulativeTotals totals = FolderHistory.at(dir).cumulative();
        assertEquals(3, totals.runs());
        assertEquals(new BigDecimal("1.5"), totals.totalUsd());
        assertEquals(List.of("r0", "r1", "r2"), ids(FolderHistory.at(dir)));
        // The next write starts a log whose totals count the archived runs.
        store.write(runAt("r4", START, "0.5"));
        CostLogs.Folder f = CostLogs.read(dir);
        f.assertEachRunOnceAndTotalsExact("a new log beside old archives");
    }

    @Test
    void whatIsNotThereOrNotACostLogIsOneLineNamingThePath() throws Exception {
        HistoryException missing = assertThrows(HistoryException.class, () -> FolderHistory.at(dir.resolve("nope")));
        assertEquals(dir.resolve("nope") + ": no such folder or file", missing.getMessage());
        HistoryException empty = assertThrows(HistoryException.class, () -> FolderHistory.at(dir));
        assertEquals(dir + ": holds no cost_log.json (is it the agent's output folder?)", empty.getMessage());

        Path report = dir.resolve("cost_report.json");
        Files.write(report, RunSnapshotJson.render(CostLogs.run("r1", "W", "completed", java.util.Map.of("a", "1"), "m")));
        HistoryException notALog = assertThrows(HistoryException.class, () -> FolderHistory.at(report).cumulative());
        assertEquals(report.toAbsolutePath().normalize() + " is not a cost log: it has no 'runs' list",
                notALog.getMessage());

        Path broken = dir.resolve("cost_log.json");
        Files.writeString(broken, "{\"runs\": [\n  {\"run_id\": \"a\",}\n], \"cumulative\": {}}");
        HistoryException invalid = assertThrows(HistoryException.class, () -> ids(FolderHistory.at(dir)));
        assertTrue(invalid.getMessage().startsWith(broken + " is not a cost log: it is not valid JSON at line 2, column"),
                invalid.getMessage());
        assertFalse(invalid.getMessage().contains("REDACTED"), invalid.getMessage());

        Files.delete(broken);
        new CostLogStore(broken, 1, AgentLog.get(getClass())).write(runAt("a", START, "1"));
        new CostLogStore(broken, 1, AgentLog.get(getClass())).write(runAt("b", START, "1"));
        Path archive = dir.resolve("cost_log.archive/2026-09.jsonl.gz");
        byte[] bytes = Files.readAllBytes(archive);
        Files.write(archive, java.util.Arrays.copyOf(bytes, bytes.length - 4));
        HistoryException cut = assertThrows(HistoryException.class, () -> ids(FolderHistory.at(dir)));
        assertTrue(cut.getMessage().startsWith(archive + " is not a cost-log archive: it is not whole gzip data"),
                cut.getMessage());
    }

    @Test
    void aReaderReadingWhileRunsEndAndMoveReadsEachRunAtMostOnceAndInOrder() throws Exception {
        Path log = dir.resolve("cost_log.json");
        CostLogStore store = new CostLogStore(log, 4, AgentLog.get(getClass()));
        store.write(runAt("r0", START, "0.001"));
        List<String> written = new ArrayList<>(List.of("r0"));
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger reads = new AtomicInteger();
        AtomicReference<String> broken = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            while (writing.get() && broken.get() == null) {
                try {
                    List<String> read = ids(FolderHistory.at(dir));
                    Set<String> once = new HashSet<>(read);
                    List<String> order = new ArrayList<>(read);
                    order.sort((a, b) -> Integer.compare(Integer.parseInt(a.substring(1)),
                            Integer.parseInt(b.substring(1))));
                    if (once.size() != read.size() || !order.equals(read)
                            || !read.equals(allUpTo(read.size()))) {
                        broken.set("read " + read);
                    }
                    reads.incrementAndGet();
                } catch (Exception e) {
                    broken.set(e.toString());
                }
            }
        }, "history-reader");
        reader.start();
        for (int i = 1; (i <= 60 || reads.get() < 30) && i < 2_000 && broken.get() == null; i++) {
            store.write(runAt("r" + i, START.plusSeconds(3600L * 24 * i), "0.001"));
            written.add("r" + i);
        }
        writing.set(false);
        reader.join();
        assertEquals(null, broken.get(), "after " + reads.get() + " reads");
        assertTrue(reads.get() >= 30, "the reader read while runs were written and moved: " + reads.get());
        assertEquals(written, ids(FolderHistory.at(dir)));
    }

    private static List<String> allUpTo(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("r" + i);
        }
        return out;
    }
}
