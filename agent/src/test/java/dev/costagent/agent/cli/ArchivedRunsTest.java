package dev.costagent.agent.cli;

import static dev.costagent.fixtures.CostLogs.runAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.costagent.agent.log.AgentLog;
import dev.costagent.agent.report.history.CostLogStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * history, diff and report on a folder whose older runs the agent's own writer moved to cost_log.archive/ (a
 * log.keep of 3): every run is listed once, archived runs are found by id, and the totals are the whole history's.
 */
class ArchivedRunsTest {

    private static final Instant START = Instant.parse("2026-09-20T10:00:00Z");

    @TempDir
    Path dir;

    /** Ten runs, one a week (several months of archives), run n costing $0.n1; at most 3 stay in the log. */
    @BeforeEach
    void folder() throws Exception {
        CostLogStore store = new CostLogStore(dir.resolve("cost_log.json"), 3, AgentLog.get(getClass()));
        for (int i = 0; i < 10; i++) {
            store.write(runAt("r" + i, START.plusSeconds(7L * 24 * 3600 * i), "0." + i + "1"));
        }
        assertTrue(Files.isDirectory(dir.resolve("cost_log.archive")), "the writer archived runs");
    }

    @Test
    void historyListsEveryRunOnceArchivedOnesFirstWithTheWholeHistorysTotals() {
        List<String> lines = CliRun.of("history", "--last", "0", dir.toString()).assertOk().lines();
        for (int i = 0; i < 10; i++) {
            String id = "r" + i + " ";
            assertEquals(1, lines.stream().filter(l -> l.startsWith(id)).count(), String.join("\n", lines));
            assertTrue(lines.get(1 + i).startsWith(id), "oldest first: " + String.join("\n", lines));
        }
        // 0.01 + 0.11 + ... + 0.91 = 4.6, exactly.
        assertTrue(lines.contains("Cumulative: 10 runs, $4.6"), String.join("\n", lines));
        assertTrue(lines.contains("  by workflow: Wf $4.6"), String.join("\n", lines));
        assertEquals("Trend: the last run (r9, $0.91) is 122.0% above the median $0.41 of the 9 previous runs of Wf.",
                lines.get(lines.size() - 1));
    }

    @Test
    void reportAndDiffFindArchivedRuns() {
        List<String> report = CliRun.of("report", "--run", "r0", dir.toString()).assertOk().lines();
        assertEquals("Run r0 (Wf): completed", report.get(0));
        List<String> diff = CliRun.of("diff", "r1", "r9", dir.toString()).assertOk().lines();
        assertTrue(diff.get(0).startsWith("A: r1 (Wf, completed"), String.join("\n", diff));
        assertEquals("Change: +$0.8 (+727.3%)", diff.get(2));
        assertTrue(CliRun.of("html", "-o", dir.resolve("page.html").toString(), dir.toString()).assertOk().out()
                .startsWith("Wrote "));
        assertEquals("cost-agent diff: no run 'r10' in " + dir, CliRun.of("diff", "r1", "r10", dir.toString())
                .assertBadInput());
    }

    @Test
    void theLogFileNamedAloneReadsItsArchivesToo() {
        List<String> lines = CliRun.of("history", "--last", "0", dir.resolve("cost_log.json").toString()).assertOk()
                .lines();
        assertTrue(lines.get(1).startsWith("r0 "), String.join("\n", lines));
        assertTrue(lines.contains("Cumulative: 10 runs, $4.6"), String.join("\n", lines));
    }
}
