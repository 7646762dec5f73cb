package dev.costagent.agent.report.history;

import static dev.costagent.fixtures.CostLogs.JSON;
import static dev.costagent.fixtures.CostLogs.runAt;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.costagent.agent.log.AgentLog;
import dev.costagent.agent.report.CapturedOutput;
import dev.costagent.agent.report.RunSnapshotReader.RunRecord;
import dev.costagent.fixtures.CostLogs;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16: the log keeps the latest runs; older ones move to monthly archives, each run in one place, once. */
class LogArchiveTest {

    private static final Instant SEPTEMBER = Instant.parse("2026-09-20T10:00:00Z");
    private static final long WEEK = 7 * 24 * 3600;

    @TempDir
    Path dir;

    private CostLogStore store(int keep) {
        return new CostLogStore(dir.resolve("cost_log.json"), keep, AgentLog.get(getClass()));
    }

    private List<String> writeRuns(CostLogStore store, int from, int to) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = from; i < to; i++) {
            String id = "run-" + i;
            store.write(runAt(id, SEPTEMBER.plusSeconds(WEEK * i / 2), "0.00" + (1 + i % 9)));
            ids.add(id);
        }
        return ids;
    }

    @Test
    void olderRunsMoveToMonthlyArchivesAndEveryReaderSeesEachRunOnceInOrder() throws Exception {
        CostLogStore store = store(5);
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            written.addAll(writeRuns(store, i, i + 1));
            CostLogs.Folder f = CostLogs.read(dir);
            assertTrue(f.logged().size() <= 5, "the log holds at most keep runs: " + f.logged().size());
            assertEquals(written, f.ids(), "after run " + i);
            f.assertEachRunOnceAndTotalsExact("after run " + i);
        }
        CostLogs.Folder f = CostLogs.read(dir);
        assertEquals(List.of("2026-09.jsonl.gz", "2026-10.jsonl.gz", "2026-11.jsonl.gz"), f.archives());
        for (com.fasterxml.jackson.databind.JsonNode r : f.archived()) {
            String month = r.get("started_at").asText().substring(0, 7);
            assertTrue(f.archives().contains(month + ".jsonl.gz"), "in the archive of its month: " + r);
        }

        FolderHistory history = FolderHistory.at(dir);
        List<String> read = new ArrayList<>();
        CumulativeTotals totals = history.scan(r -> read.add(r.run().runId()));
        assertEquals(written, read);
        assertEquals(23, totals.runs());
        assertEquals(0, f.cumulative().get("total_cost_usd").decimalValue().compareTo(totals.totalUsd()));
        assertEquals(totals, history.cumulative());
        RunRecord archived = history.find("run-2").orElseThrow();
        assertTrue(archived.detailed(), "an archived run keeps its whole report");
        assertEquals(new BigDecimal("0.003"), archived.costs().get("ideas"));
        assertEquals("run-22", history.find("run-22").orElseThrow().run().runId());
        assertTrue(history.find("run-99").isEmpty());
    }

    @Test
    void anArchiveIsGzipMembersOfOneRunPerLineThatAnyGzipReaderReads() throws Exception {
        CostLogStore store = store(1);
        writeRuns(store, 0, 4);
        Path archive = dir.resolve("cost_log.archive/2026-09.jsonl.gz");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(archive))) {
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            List<String> lines = text.lines().toList();
            assertEquals(3, lines.size(), text);
            for (int i = 0; i < 3; i++) {
                assertEquals("run-" + i, JSON.readTree(lines.get(i)).get("run_id").asText());
            }
            assertTrue(text.endsWith("}\n"));
        }
        assertEquals(List.of("2026-09.jsonl.gz"), CostLogs.read(dir).archives());
        try (Stream<Path> s = Files.list(dir.resolve("cost_log.archive"))) {
            assertEquals(List.of("2026-09.jsonl.gz"), s.map(p -> p.getFileName().toString()).toList(),
                    "no intent left once the moves are done");
        }
    }

    @Test
    void aFullLogMovesAHundredthOfItsRunsAtATime() throws Exception {
        Path log = CostLogs.oldLog(dir.resolve("cost_log.json"), 300, "old-", new BigDecimal("0.01"), SEPTEMBER);
        CostLogStore store = store(300);
        writeRuns(store, 0, 1);
        assertEquals(298, CostLogs.read(dir).logged().size(), "301 runs: the oldest 3 moved");
        writeRuns(store, 1, 3);
        assertEquals(300, CostLogs.read(dir).logged().size());
        writeRuns(store, 3, 4);
        CostLogs.Folder f = CostLogs.read(dir);
        assertEquals(298, f.logged().size());
        assertEquals(6, f.archived().size());
        assertEquals(304, f.cumulative().get("runs").asInt());
        f.assertEachRunOnceAndTotalsExact("after four runs");
        assertTrue(Files.isRegularFile(log));
    }

    @Test
    void anOversizedLogOfAnOlderVersionIsMigratedOnceKeepingEveryRun() throws Exception {
        CostLogs.oldLog(dir.resolve("cost_log.json"), 2_000, "old-", new BigDecimal("0.000001"), SEPTEMBER);
        store(100).write(runAt("new", SEPTEMBER.plusSeconds(WEEK * 10), "0.5"));
        CostLogs.Folder f = CostLogs.read(dir);
        assertEquals(100, f.logged().size() + 0, "the log holds keep runs after the move");
        assertEquals(2_001, f.ids().size());
        assertEquals("old-0", f.ids().get(0));
        assertEquals("new", f.ids().get(2_000));
        f.assertEachRunOnceAndTotalsExact("after the migration");
        assertEquals(0, new BigDecimal("0.502").compareTo(f.cumulative().get("total_cost_usd").decimalValue()));
    }

    @Test
    void aCorruptArchiveIsKeptAsideWithOneWarnAndNeverBlocksARun() throws Exception {
        CostLogStore store = store(2);
        writeRuns(store, 0, 12);
        Path september = dir.resolve("cost_log.archive/2026-09.jsonl.gz");
        Path october = dir.resolve("cost_log.archive/2026-10.jsonl.gz");
        byte[] damaged = Files.readAllBytes(september);
        damaged[damaged.length / 2] ^= 0x5a;
        Files.write(september, damaged);
        // A copy cut short, as a full disk or a careless copy leaves it.
        byte[] october0 = Files.readAllBytes(october);
        byte[] cut = java.util.Arrays.copyOf(october0, october0.length - 9);
        Files.write(october, cut);

        try (CapturedOutput out = new CapturedOutput()) {
            writeRuns(store, 12, 13);
            List<String> warns = out.warnings();
            assertEquals(2, warns.size(), out.log());
            for (String w : warns) {
                assertTrue(w.contains("could not be read: it is") && w.contains("kept it aside as ")
                        && w.contains("its runs stay counted in the cumulative totals"), w);
            }
            writeRuns(store, 13, 14);
            assertEquals(2, out.warnings().size(), "each once: " + out.log());
        }
        List<Path> asides;
        try (Stream<Path> s = Files.list(dir.resolve("cost_log.archive"))) {
            asides = s.filter(p -> p.getFileName().toString().contains(".corrupt-")).sorted().toList();
        }
        assertEquals(2, asides.size());
        assertArrayEquals(damaged, Files.readAllBytes(asides.get(0)), "kept byte for byte");
        assertArrayEquals(cut, Files.readAllBytes(asides.get(1)), "kept byte for byte");
        CostLogs.Folder f = CostLogs.read(dir);
        assertEquals(List.of("run-12", "run-13"), f.ids().subList(f.ids().size() - 2, f.ids().size()));
        assertEquals(14, f.cumulative().get("runs").asInt(), "the runs kept aside stay counted");
    }

    @Test
    void anArchiveThatCannotBeWrittenNeverCostsARunItsEntry() throws Exception {
        CostLogStore store = store(2);
        // A file where the archive's folder should be: creating it fails, even for root.
        Files.writeString(dir.resolve("cost_log.archive"), "in the way");
        try (CapturedOutput out = new CapturedOutput()) {
            writeRuns(store, 0, 5);
            assertEquals(1, out.warnings().size(), out.log());
            assertTrue(out.warnings().get(0).contains("could not move the oldest runs of " + dir.resolve("cost_log.json")
                    + " to " + dir.resolve("cost_log.archive")), out.log());
        }
        CostLogs.Folder f = CostLogs.read(dir);
        assertEquals(List.of("run-0", "run-1", "run-2", "run-3", "run-4"), f.ids(), "the log keeps them for now");
        f.assertEachRunOnceAndTotalsExact("with the archive blocked");

        Files.delete(dir.resolve("cost_log.archive"));
        writeRuns(store, 5, 6);
        f = CostLogs.read(dir);
        assertEquals(2, f.logged().size(), "moved once the archive can be written");
        assertEquals(6, f.ids().size());
        f.assertEachRunOnceAndTotalsExact("after the archive could be written again");
    }

    @Test
    void aRunWrittenAgainAfterItsFirstEntryWasArchivedKeepsThatEntryWithOneWarn() throws Exception {
        CostLogStore first = store(1);
        first.write(runAt("r1", SEPTEMBER, "0.1"));
        store(1).write(runAt("r2", SEPTEMBER, "0.2"));   // another process: r1 moves to the archive
        try (CapturedOutput out = new CapturedOutput()) {
            first.write(runAt("r1", SEPTEMBER, "0.4"));
            assertEquals(1, out.warnings().size(), out.log());
            assertTrue(out.warnings().get(0).contains("run r1 wrote its entry to "), out.log());
        }
        CostLogs.Folder f = CostLogs.read(dir);
        assertEquals(List.of("r1", "r2"), f.ids());
        f.assertEachRunOnceAndTotalsExact("after the late write");
    }

    @Test
    void aRunWhoseSpooledEntryAnotherProcessMergedReplacesItAtExit() throws Exception {
        CostLogStore mine = store(10);
        mine.spool(runAt("r1", SEPTEMBER, "0.25"));          // at a budget stop, the log locked
        store(10).write(runAt("r2", SEPTEMBER, "1"));       // another process merges it
        mine.write(runAt("r1", SEPTEMBER, "0.5"));           // this one's exit: the entry is replaced, not added
        CostLogs.Folder f = CostLogs.read(dir);
        assertEquals(List.of("r1", "r2"), f.ids());
        f.assertEachRunOnceAndTotalsExact("after the exit");
        assertEquals(0, new BigDecimal("1.5").compareTo(f.cumulative().get("total_cost_usd").decimalValue()));
    }

    @Test
    void aSpooledEntryIsMergedOnceEvenWhenItsFileOutlivesTheMerge() throws Exception {
        CostLogStore store = store(10);
        store.write(runAt("r0", SEPTEMBER, "1"));
        Path spooled = store(10).spool(runAt("r1", SEPTEMBER, "0.25"));
        byte[] kept = Files.readAllBytes(spooled);
        store.write(runAt("r2", SEPTEMBER, "2"));
        assertFalse(Files.exists(spooled), "merged, then removed");
        // A crash between the log's replacement and the spool file's removal: the file is merged again.
        Files.write(spooled, kept, StandardOpenOption.CREATE_NEW);
        store(10).write(runAt("r3", SEPTEMBER, "3"));
        CostLogs.Folder f = CostLogs.read(dir);
        assertEquals(List.of("r0", "r1", "r2", "r3"), f.ids());
        f.assertEachRunOnceAndTotalsExact("after the second merge");
        assertEquals(0, new BigDecimal("6.25").compareTo(f.cumulative().get("total_cost_usd").decimalValue()));
    }
}
