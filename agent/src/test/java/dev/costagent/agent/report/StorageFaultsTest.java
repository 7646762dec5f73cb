package dev.costagent.agent.report;

import dev.costagent.fixtures.CostLogs;
import dev.costagent.fixtures.TestRuns;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.costagent.agent.budget.BudgetGuard;
import dev.costagent.agent.report.history.CostLogStore;
import dev.costagent.agent.ledger.CostLedger;
import dev.costagent.agent.ledger.Warnings;
import dev.costagent.agent.log.AgentLog;
import dev.costagent.agent.stage.StageTracker;
import dev.costagent.agent.value.Money;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #4, point 3: a folder that cannot be created or written, a full disk, a log that does not parse and a log
 * from a newer version. Each gives one WARN naming the path, keeps every byte already on disk, never throws into
 * the program, and prints the run's report to standard error when it cannot be saved.
 */
class StorageFaultsTest {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final BigDecimal SPENT = new BigDecimal("0.2500001");

    @TempDir
    Path dir;
    private final CapturedOutput out = new CapturedOutput();
    private final CostLedger ledger = new CostLedger();

    @AfterEach
    void restoreLog() {
        out.close();
    }

    private RunReporter reporter(Path outDir, FileReplacer disk) {
        ledger.recordCost(new CostLedger.Key("ideas", "external", "external", "Search.query", true),
                Money.picos(SPENT));
        var log = AgentLog.get(RunReporter.class);
        CostLogStore store = new CostLogStore(outDir.resolve(RunReporter.LOG_FILE), CostLogStore.DEFAULT_KEEP, log, disk, CostLogStore.LOCK_WAIT);
        return new RunReporter(TestRuns.snapshots("run-1", "Wf", Instant.parse("2026-11-22T08:00:00Z"), ledger), outDir,
                log, store, disk, out.console);
    }

    /** Every file under {@code root} with its bytes, to prove nothing changed. */
    private static Map<Path, byte[]> contents(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            Map<Path, byte[]> m = new java.util.TreeMap<>();
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                m.put(p, Files.readAllBytes(p));
            }
            return m;
        }
    }

    /** Every file there before is there with the same bytes; the only file added may be the empty lock file. */
    private static void assertSameContents(Map<Path, byte[]> before, Map<Path, byte[]> after) {
        before.forEach((p, bytes) -> assertArrayEquals(bytes, after.get(p), "bytes of " + p));
        after.forEach((p, bytes) -> assertTrue(before.containsKey(p)
                || p.getFileName().toString().equals("cost_log.json.lock") && bytes.length == 0, "added: " + p));
    }

    private void assertTheReportWasPrinted() throws IOException {
        String console = out.console();
        assertTrue(console.startsWith("[cost-agent] the report of run run-1, which could not be saved:\n"), console);
        JsonNode report = JSON.readTree(console.substring(console.indexOf('\n') + 1));
        assertEquals("run-1", report.get("run_id").asText());
        assertEquals(0, SPENT.compareTo(report.get("total_cost_usd").decimalValue()), console);
    }

    @Test
    void anOutputFolderThatCannotBeCreatedIsOneWarnAndTheReportOnStandardError() throws Exception {
        Path blocker = Files.writeString(dir.resolve("not-a-folder"), "a regular file where the folder's parent should be");
        Path outDir = blocker.resolve("data");
        Map<Path, byte[]> before = contents(dir);

        reporter(outDir, FileReplacer.ATOMIC).write();

        List<String> warns = out.warnings();
        assertEquals(1, warns.size(), out.log());
        assertTrue(warns.get(0).contains(outDir.resolve("cost_report.json").toString()), warns.get(0));
        assertTrue(warns.get(0).contains(outDir.resolve("cost_log.json").toString()), warns.get(0));
        assertTrue(warns.get(0).contains("Not a directory"), warns.get(0));
        assertSameContents(before, contents(dir));
        assertTheReportWasPrinted();
    }

    @Test
    void aFolderWhoseFilesCannotBeReplacedKeepsWhatIsThereAndLeavesNoTemporaryFile() throws Exception {
        Path outDir = Files.createDirectories(dir.resolve("data"));
        // Directories where the two files should be: renaming over them fails even for root, unlike permissions.
        Files.writeString(Files.createDirectories(outDir.resolve("cost_report.json")).resolve("keep.txt"), "report");
        Files.writeString(Files.createDirectories(outDir.resolve("cost_log.json")).resolve("keep.txt"), "log");
        Map<Path, byte[]> before = contents(dir);

        RunReporter reporter = reporter(outDir, FileReplacer.ATOMIC);
        reporter.write();

        assertEquals(1, out.warnings().size(), out.log());
        Path spooled = outDir.resolve("cost_log.spool").resolve("run-1.json");
        assertTrue(out.warnings().get(0).contains(outDir.resolve("cost_report.json") + " (Is a directory)"), out.log());
        assertTrue(out.warnings().get(0).contains("its log entry is kept in " + spooled), out.log());
        Map<Path, byte[]> after = contents(dir);
        after.remove(spooled);
        assertSameContents(before, after);
        assertEquals("run-1", JSON.readTree(spooled.toFile()).at("/run/run_id").asText());
        try (Stream<Path> s = Files.list(outDir)) {
            assertEquals(List.of("cost_log.json", "cost_log.json.lock", "cost_log.spool", "cost_report.json"),
                    s.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary file left");
        }
        assertTheReportWasPrinted();
    }

    @Test
    void aFullDiskKeepsTheOldFilesWhole() throws Exception {
        Path outDir = Files.createDirectories(dir.resolve("data"));
        reporter(outDir, FileReplacer.ATOMIC).write();
        Map<Path, byte[]> before = contents(dir);
        FileReplacer full = (target, content) -> {
            throw new FileSystemException(target.toString(), null, "No space left on device");
        };

        ledger.recordCost(new CostLedger.Key("rank", "external", "external", "Search.query", true), 1);
        new RunReporter(TestRuns.snapshots("run-2", "Wf", Instant.now(), ledger), outDir, AgentLog.get(RunReporter.class),
                new CostLogStore(outDir.resolve("cost_log.json"), CostLogStore.DEFAULT_KEEP, AgentLog.get(getClass()), full, CostLogStore.LOCK_WAIT),
                full, out.console).write();

        List<String> warns = out.warnings();
        assertEquals(1, warns.size(), out.log());
        assertTrue(warns.get(0).contains(outDir.resolve("cost_log.json") + " (No space left on device)"), warns.get(0));
        assertSameContents(before, contents(dir));
        assertTrue(out.console().contains("\"run_id\" : \"run-2\""), out.console());
    }

    @Test
    void aLogThatCannotBeWrittenKeepsTheEntryInTheSpoolUntilTheNextWriteMergesItOnce() throws Exception {
        Path outDir = Files.createDirectories(dir.resolve("data"));
        Path log = outDir.resolve("cost_log.json");
        FileReplacer fullForTheLog = (target, content) -> {
            if (target.equals(log)) {
                throw new FileSystemException(target.toString(), null, "No space left on device");
            }
            FileReplacer.ATOMIC.replace(target, content);
        };
        reporter(outDir, fullForTheLog).write();
        Path spooled = outDir.resolve("cost_log.spool").resolve("run-1.json");
        assertEquals(List.of("[cost-agent] WARN could not save the run's entry to " + log + " (No space left on "
                + "device); it is kept in " + spooled + ", which the next write of the log merges"), out.warnings());
        assertTrue(Files.exists(outDir.resolve("cost_report.json")));
        assertFalse(Files.exists(log));
        assertEquals("", out.console(), "the entry is kept: nothing is only printed");

        // The next run writes the log, with the waiting entry in it, once; the spool is emptied.
        CostLedger next = new CostLedger();
        next.recordCost(new CostLedger.Key("ideas", "external", "external", "Search.query", true), 1);
        new RunReporter(TestRuns.snapshots("run-2", "Wf", Instant.now(), next), outDir, AgentLog.get(RunReporter.class))
                .write();
        JsonNode saved = JSON.readTree(log.toFile());
        assertEquals(List.of("run-1", "run-2"), saved.get("runs").findValuesAsText("run_id"));
        assertEquals(2, saved.at("/cumulative/runs").asInt());
        assertEquals(0, SPENT.add(new BigDecimal("0.000000000001"))
                .compareTo(saved.at("/cumulative/total_cost_usd").decimalValue()));
        assertFalse(Files.exists(spooled));
    }

    @Test
    void aLogWriteThatFailsOnceIsTriedAgainAtOnceAndNothingIsSaid() throws Exception {
        Path outDir = Files.createDirectories(dir.resolve("data"));
        Path log = outDir.resolve("cost_log.json");
        int[] logWrites = {0};
        FileReplacer hiccup = (target, content) -> {
            if (target.equals(log) && logWrites[0]++ == 0) {
                throw new FileSystemException(target.toString(), null, "Input/output error");
            }
            FileReplacer.ATOMIC.replace(target, content);
        };
        reporter(outDir, hiccup).write();
        assertEquals(List.of(), out.warnings(), out.log());
        assertEquals(2, logWrites[0], "tried twice");
        assertEquals(1, JSON.readTree(log.toFile()).get("runs").size());
        assertFalse(Files.exists(outDir.resolve("cost_log.spool")), "nothing spooled");
    }

    @Test
    void theSameFailureIsReportedOnceAndTheFilesAreSavedWhenTheDiskRecovers() throws Exception {
        Path outDir = Files.createDirectories(dir.resolve("data"));
        boolean[] full = {true};
        FileReplacer disk = (target, content) -> {
            if (full[0]) {
                throw new FileSystemException(target.toString(), null, "No space left on device");
            }
            FileReplacer.ATOMIC.replace(target, content);
        };
        RunReporter reporter = reporter(outDir, disk);
        reporter.write();   // at a budget stop
        reporter.write();   // at exit, nothing new: tried again, quietly
        assertEquals(1, out.warnings().size(), out.log());
        assertEquals(1, out.console().split("could not be saved", -1).length - 1, "the report printed once");

        full[0] = false;
        reporter.write();
        assertTrue(out.log().contains("[cost-agent] Run run-1 cost $0.2500001 (completed): report "), out.log());
        assertEquals(1, JSON.readTree(outDir.resolve("cost_log.json").toFile()).get("runs").size());
        assertEquals(1, out.warnings().size(), out.log());
    }

    @Test
    void aLogThatDoesNotParseIsKeptByteForByteWithOneWarnNamingIt() throws Exception {
        Path outDir = Files.createDirectories(dir.resolve("data"));
        Path log = outDir.resolve("cost_log.json");
        byte[] garbage = "{\"runs\": [ {\"run_id\": \"x\", \"total_cost_usd\": 12.5 }\n  \u00e9\u0000 truncated".getBytes(
                java.nio.charset.StandardCharsets.UTF_8);
        Files.write(log, garbage);

        reporter(outDir, FileReplacer.ATOMIC).write();

        List<String> warns = out.warnings();
        assertEquals(1, warns.size(), out.log());
        assertTrue(warns.get(0).startsWith("[cost-agent] WARN " + log + " could not be read: it is not valid JSON"),
                warns.get(0));
        Path aside;
        try (Stream<Path> s = Files.list(outDir)) {
            aside = s.filter(p -> p.getFileName().toString().startsWith("cost_log.json.corrupt-")).findFirst().orElseThrow();
        }
        assertTrue(warns.get(0).contains("kept it aside as " + aside), warns.get(0));
        assertArrayEquals(garbage, Files.readAllBytes(aside));
        assertEquals(1, JSON.readTree(log.toFile()).get("runs").size(), "a new log holds this run");
        assertEquals("", out.console(), "saved: nothing printed");
    }

    @Test
    void logsThatWouldLoseDataOnRewriteAreKeptAsideToo() throws Exception {
        String valid = "{\"runs\": [], \"cumulative\": {\"runs\": 0, \"total_cost_usd\": 0, \"stages\": {}, "
                + "\"models\": {}, \"workflows\": {}}}";
        for (String text : List.of(
                valid.replace("{\"runs\": [],", "{\"runs\": [{\"run_id\": \"a\"}], \"runs\": [],"),  // duplicate key
                valid + "\n{\"runs\": []}",                                                           // second document
                "")) {                                                                                 // empty file
            Path outDir = Files.createDirectories(dir.resolve("d" + text.length()));
            Files.writeString(outDir.resolve("cost_log.json"), text);
            new CostLogStore(outDir.resolve("cost_log.json"), CostLogStore.DEFAULT_KEEP, AgentLog.get(getClass()))
                    .write(CostLogs.run("r1", "P", "completed", Map.of("a", "1"), "m"));
            try (Stream<Path> s = Files.list(outDir)) {
                Path aside = s.filter(p -> p.getFileName().toString().contains(".corrupt-")).findFirst()
                        .orElseThrow(() -> new AssertionError("not kept aside: " + text));
                assertEquals(text, Files.readString(aside));
            }
        }
    }

    @Test
    void aLogFromANewerVersionKeepsItsFieldsWithOneWarnNamingThem() throws Exception {
        Path outDir = Files.createDirectories(dir.resolve("data"));
        Path log = outDir.resolve("cost_log.json");
        Files.writeString(log, """
                {"format": 9, "runs": [{"run_id": "old", "total_cost_usd": 0.5, "tags": ["a", "b"]}],
                 "cumulative": {"runs": 1, "total_cost_usd": 0.5, "stages": {}, "models": {}, "workflows": {},
                                "currency": "USD"}}
                """);
        RunReporter reporter = reporter(outDir, FileReplacer.ATOMIC);
        reporter.write();
        ledger.recordCost(new CostLedger.Key("late", "external", "external", "Search.query", true), 1);
        reporter.write();   // the same store again: no second warning

        List<String> warns = out.warnings();
        assertEquals(1, warns.size(), out.log());
        assertEquals("[cost-agent] WARN " + log + " holds fields this version of cost-agent does not know (format, "
                + "cumulative.currency, runs[].tags), perhaps from a newer version: they are kept as they are",
                warns.get(0));
        JsonNode saved = JSON.readTree(log.toFile());
        assertEquals(9, saved.get("format").asInt());
        assertEquals("b", saved.at("/runs/0/tags/1").asText());
        assertEquals("USD", saved.at("/cumulative/currency").asText());
        assertEquals(2, saved.at("/cumulative/runs").asInt());
        assertEquals(0, new BigDecimal("0.750000100001").compareTo(saved.at("/cumulative/total_cost_usd").decimalValue()));
    }
}
