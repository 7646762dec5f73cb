package dev.costagent.agent.cli;

import static dev.costagent.agent.cli.CostFolder.groups;
import static dev.costagent.agent.cli.CostFolder.t;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryAndDiffTest {

    @TempDir
    Path dir;

    private Path data;

    static final String A4_LINE = "a4   A         2026-11-22T12:00:00Z  1 min 15 s  budget_exceeded       0.033          0.03";
    static final List<String> DIFF_STAGES = List.of(
            "Stage      calls  input  output  cache read  cache write  cost A (USD)  cost B (USD)  change (USD)",
            "critique  0 -> 3    +30     +20           0            0          0           0.0099       +0.0099  only in B",
            "ideas     1 -> 2      0       0         +10            0          0.02        0.023        +0.003",
            "rank           1    -10      -5           0            0          0           0.0001       +0.0001",
            "-------------------------------------------------------------------------------------------------------------",
            "total     2 -> 6    +20     +15         +10            0          0.02        0.033        +0.013");

    /** Four runs of A (0.01, 0.03, 0.02, then 0.033) and one of B in between; the first written by an older version. */
    @BeforeEach
    void folder() throws Exception {
        List<RunView> runs = new ArrayList<>();
        runs.add(run("a1", "A", "0.01", "0.0"));
        runs.add(run("a2", "A", "0.03", "0.0"));
        runs.add(run("b1", "B", "1.5", "0.0"));
        runs.add(run("a3", "A", "0.02", "0.0"));
        runs.add(CostFolder.run("a4", "A", "2026-11-22T12:00:00Z", 75, "budget_exceeded", "0.03",
                groups("ideas", t(2, 100, 50, 10, 0, "0.023"), "rank", t(1, 10, 5, 0, 0, "0.0001"),
                        "critique", t(3, 30, 20, 0, 0, "0.0099")),
                groups("claude-sonnet-4-5", t(2, 100, 50, 10, 0, "0.023"), "gpt-4o-mini", t(4, 40, 25, 0, 0, "0.01"))));
        CostFolder.write(dir.resolve("data"), runs, List.of("a1"));
        data = dir.resolve("data");
    }

    private static RunView run(String id, String workflow, String ideas, String rank) {
        int n = Integer.parseInt(id.substring(1));
        return CostFolder.run(id, workflow, "2026-11-22T0" + n + ":0" + (workflow.equals("B") ? 5 : 0) + ":00Z", 2,
                "completed", null,
                groups("ideas", t(1, 100, 50, 0, 0, ideas), "rank", t(1, 20, 10, 0, 0, rank)),
                groups("claude-sonnet-4-5", t(2, 120, 60, 0, 0, new BigDecimal(ideas).add(new BigDecimal(rank)).toPlainString())));
    }

    @Test
    void historyListsRunsWithTotalsAndTheTrendAgainstTheMedianOfTheWorkflowsEarlierRuns() {
        List<String> lines = CliRun.of("history", data.toString()).assertOk().lines();
        assertEquals("Run  workflow  started                 duration  status           cost (USD)  budget (USD)",
                lines.get(0));
        assertEquals("a1   A         2026-11-22T01:00:00Z     2.000 s  completed             0.01           -", lines.get(1));
        assertEquals(A4_LINE, lines.get(5));
        assertTrue(lines.contains("Cumulative: 5 runs, $1.593"), String.join("\n", lines));
        assertTrue(lines.contains("  by workflow: A $0.093, B $1.5"), String.join("\n", lines));
        // a4 costs 0.033; the earlier runs of A cost 0.01, 0.03, 0.02: median 0.02, +65%.
        assertEquals("Trend: the last run (a4, $0.033) is 65.0% above the median $0.02 of the 3 previous runs of A.",
                lines.get(lines.size() - 1));
    }

    @Test
    void historyKeepsTheLastRunsAndFiltersByWorkflow() {
        List<String> lines = CliRun.of("history", "--last", "2", "--workflow", "A", data.toString()).assertOk().lines();
        assertTrue(lines.get(1).startsWith("a3 ") && lines.get(2).startsWith("a4 "), String.join("\n", lines));
        assertEquals("(the last 2 of 4 runs; --last 0 shows all)", lines.get(3));
        assertTrue(lines.contains("Workflow A: 4 runs, $0.093"), String.join("\n", lines));
        assertTrue(CliRun.of("history", "--workflow", "nobody", data.toString()).assertOk().lines()
                .contains("No run of workflow 'nobody'."));
        assertEquals("cost-agent history: --last must be 0 (all) or more, got -1",
                CliRun.of("history", "--last", "-1", data.toString()).assertBadInput());
    }

    @Test
    void anEvenNumberOfEarlierRunsTakesTheMeanOfTheMiddleTwoExactly() {
        Trend t = Trend.of("x", "W", new long[] {1, 4, 100, 7}, 4);
        assertEquals(new BigDecimal("0.000000000004"), t.medianUsd());
        t = Trend.of("x", "W", new long[] {1, 4, 7, 3, 100}, 5);
        assertEquals(new BigDecimal("0.0000000000035"), t.medianUsd());
        assertEquals("Trend: the last run (x, $0.0000000001) is the first run of W; nothing to compare with yet.",
                Trend.of("x", "W", new long[] {100}, 1).line());
    }

    @Test
    void historyJsonHasTheLinesTheTotalsAndTheTrend() throws Exception {
        JsonNode j = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .readTree(CliRun.of("history", "--json", "--last", "0", data.toString()).assertOk().out());
        assertEquals(5, j.get("runs").size());
        assertEquals(new BigDecimal("0.033"), j.at("/runs/4/total_cost_usd").decimalValue());
        assertEquals(75000, j.at("/runs/4/duration_ms").asLong());
        assertEquals(new BigDecimal("1.593"), j.at("/cumulative/total_cost_usd").decimalValue());
        assertEquals(new BigDecimal("0.02"), j.at("/trend/median_usd").decimalValue());
        assertEquals(0, new BigDecimal("65.0").compareTo(j.at("/trend/change_percent").decimalValue()));
    }

    @Test
    void diffShowsStagesAndModelsBiggestChangeFirstWithTotalsThatAddUp() {
        List<String> lines = CliRun.of("diff", "a3", "a4", data.toString()).assertOk().lines();
        assertEquals("Change: +$0.013 (+65.0%)", lines.get(2));
        assertEquals(DIFF_STAGES, lines.subList(4, 10));
        assertTrue(lines.stream().anyMatch(l -> l.replaceAll(" +", " ")
                .equals("gpt-4o-mini 0 -> 4 +40 +25 0 0 0 0.01 +0.01 only in B")), String.join("\n", lines));
    }

    @Test
    void diffAgainstAnOlderEntryComparesStageCostsOnlyAndSaysWhy() {
        List<String> lines = CliRun.of("diff", "a1", "a2", data.toString()).assertOk().lines();
        assertTrue(lines.contains("Models: not compared: run a1 holds the stage costs only (written by an older "
                + "cost-agent)."), String.join("\n", lines));
        assertTrue(lines.get(4).startsWith("Stage  cost A (USD)"), String.join("\n", lines));
        assertEquals("cost-agent diff: no run 'zz' in " + data, CliRun.of("diff", "a1", "zz", data.toString()).assertBadInput());
    }
}
