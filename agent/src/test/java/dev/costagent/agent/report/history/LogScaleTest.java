package dev.costagent.agent.report.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.costagent.agent.log.AgentLog;
import dev.costagent.fixtures.CostLogs;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.BitSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: a log of 200,000 runs from an older version, generated directly, and one more run: the log keeps the
 * latest 10,000, the rest move to the archive, and every run is found exactly once with the cumulative totals equal
 * to their sum. (How long the exit takes at such sizes is a benchmark's question: {@code LogExit}.)
 */
class LogScaleTest {

    private static final int RUNS = 200_000;
    private static final BigDecimal COST = new BigDecimal("0.000123456789");

    @TempDir
    Path dir;

    @Test
    void twoHundredThousandRunsAndOneMoreAreEachFoundOnceWithExactTotals() throws Exception {
        Path log = CostLogs.oldLog(dir.resolve("cost_log.json"), RUNS, "r", COST, Instant.parse("2026-03-01T00:00:00Z"));
        CostLogStore store = new CostLogStore(log, CostLogStore.DEFAULT_KEEP, AgentLog.get(getClass()));
        store.write(CostLogs.runAt("one-more", Instant.parse("2026-09-01T00:00:00Z"), "1"));
        store.write(CostLogs.runAt("and-another", Instant.parse("2026-09-01T00:00:01Z"), "1"));

        BitSet seen = new BitSet(RUNS);
        int[] others = {0};
        long[] count = {0};
        CumulativeTotals totals = FolderHistory.at(dir).scan(r -> {
            String id = r.run().runId();
            count[0]++;
            if (id.equals("one-more") || id.equals("and-another")) {
                others[0]++;
                return true;
            }
            int n = Integer.parseInt(id.substring(1));
            if (seen.get(n) || n != count[0] - 1) {
                fail("run " + id + " found twice or out of order, as run " + count[0]);
            }
            seen.set(n);
            return true;
        });
        assertEquals(RUNS, seen.cardinality(), "every old run found");
        assertEquals(2, others[0]);
        assertEquals(RUNS + 2, totals.runs());
        assertEquals(0, COST.multiply(BigDecimal.valueOf(RUNS)).add(new BigDecimal("2")).compareTo(totals.totalUsd()));
        assertEquals(totals, FolderHistory.at(dir).cumulative());
        long logged;
        try (var lines = Files.lines(log)) {
            logged = lines.filter(l -> l.startsWith("    {")).count();
        }
        assertTrue(logged <= CostLogStore.DEFAULT_KEEP && logged > CostLogStore.DEFAULT_KEEP - 100,
                "the log keeps the latest runs: " + logged);
        assertTrue(Files.size(log) < 3_000_000, "the log is no longer oversized: " + Files.size(log));
    }
}
