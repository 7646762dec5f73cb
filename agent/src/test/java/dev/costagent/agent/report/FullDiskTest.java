package dev.costagent.agent.report;

import dev.costagent.fixtures.CostLogs;
import dev.costagent.fixtures.TestRuns;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.costagent.agent.budget.BudgetGuard;
import dev.costagent.agent.report.history.CostLogStore;
import dev.costagent.agent.ledger.CostLedger;
import dev.costagent.agent.ledger.Warnings;
import dev.costagent.agent.log.AgentLog;
import dev.costagent.agent.stage.StageTracker;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #4, point 3, on a real full disk: a 512 kB tmpfs, filled up. Needs the right to mount (root with
 * CAP_SYS_ADMIN); elsewhere it is skipped, and {@link StorageFaultsTest} covers the same behaviour through a
 * failing {@link FileReplacer}.
 */
class FullDiskTest {

    @TempDir
    Path dir;
    private Path disk;
    private boolean mounted;

    @BeforeEach
    void mountATinyDisk() throws Exception {
        disk = Files.createDirectories(dir.resolve("disk"));
        mounted = run("mount", "-t", "tmpfs", "-o", "size=512k", "cost-agent-test", disk.toString()) == 0;
        Assumptions.assumeTrue(mounted, "cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN)");
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            run("umount", "-l", disk.toString());
        }
    }

    private static int run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    /** Writes zeros until the disk refuses, then frees {@code keepFree} bytes. */
    private static void fill(Path filler, int keepFree) throws IOException {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            // The disk is full: what was asked for.
        }
        try (FileChannel ch = FileChannel.open(filler, StandardOpenOption.WRITE)) {
            ch.truncate(Math.max(0, ch.size() - keepFree));
        }
    }

    @Test
    void aFullDiskIsOneWarnTheOldLogStaysWholeAndTheEntryWaitsInTheSpool() throws Exception {
        Path outDir = Files.createDirectories(disk.resolve("data"));
        Path log = outDir.resolve("cost_log.json");
        CostLogs.oldLog(log, 300, "initial-", new BigDecimal("0.001"), Instant.parse("2026-11-01T00:00:00Z"));
        byte[] before = Files.readAllBytes(log);
        assertTrue(before.length > 40_000, "a log larger than the space left: " + before.length);
        fill(disk.resolve("filler"), 16 * 1024);

        try (CapturedOutput out = new CapturedOutput()) {
            CostLedger ledger = new CostLedger();
            ledger.recordCost(new CostLedger.Key("ideas", "external", "external", "Search.query", true), 1_000_000);
            var logger = AgentLog.get(RunReporter.class);
            new RunReporter(TestRuns.snapshots("run-full", "Wf", Instant.now(), ledger), outDir, logger,
                    new CostLogStore(log, CostLogStore.DEFAULT_KEEP, logger), FileReplacer.ATOMIC, out.console).write();

            // The new log does not fit; the report and the small spooled entry do.
            List<String> warns = out.warnings();
            assertEquals(1, warns.size(), out.log());
            assertTrue(warns.get(0).contains("could not save the run's entry to " + log + " (No space left on device)"),
                    warns.get(0));
            assertTrue(warns.get(0).contains(outDir.resolve("cost_log.spool").resolve("run-full.json").toString()),
                    warns.get(0));
            assertEquals("", out.console(), "nothing lost, so nothing printed");
        }
        assertArrayEquals(before, Files.readAllBytes(log), "the old log is whole");
        try (Stream<Path> s = Files.walk(outDir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }

        // Space again: the next run's write merges the waiting entry.
        Files.delete(disk.resolve("filler"));
        CostLedger next = new CostLedger();
        next.recordCost(new CostLedger.Key("ideas", "external", "external", "Search.query", true), 1);
        new RunReporter(TestRuns.snapshots("run-next", "Wf", Instant.now(), next), outDir,
                AgentLog.get(RunReporter.class)).write();
        CostLogs.Folder f = CostLogs.read(outDir);
        assertEquals(List.of("run-full", "run-next"), f.ids().subList(300, 302));
        f.assertEachRunOnceAndTotalsExact("after the disk recovered");
        try (Stream<Path> s = Files.list(outDir.resolve("cost_log.spool"))) {
            assertEquals(0, s.count(), "the spool is empty once merged");
        }
    }
}
