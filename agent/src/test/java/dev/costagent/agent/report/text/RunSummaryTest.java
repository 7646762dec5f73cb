package dev.costagent.agent.report.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.costagent.agent.value.Money;
import dev.costagent.agent.value.Totals;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunSummaryTest {

    private static Totals t(long calls, long in, long out, long read, long write, String usd) {
        return new Totals(calls, in, out, read, write, Money.picos(new BigDecimal(usd)));
    }

    @Test
    void theExitSummaryIsTheStageTableAndTheBudgetLine() {
        Map<String, Totals> stages = new LinkedHashMap<>();
        stages.put("ideas", t(1, 54, 432, 0, 2628, "0.016497"));
        stages.put("critique", t(5, 1072, 703, 2584, 0, "0.0007764"));
        stages.put("rank", t(1, 509, 168, 0, 0, "0.001349"));
        Totals run = t(7, 1635, 1303, 2584, 2628, "0.0186224");
        assertEquals(List.of(
                "Stage     calls  input  output  cache read  cache write  cost (USD)   share",
                "ideas         1     54     432           0         2628   0.016497    88.6%",
                "critique      5   1072     703        2584            0   0.0007764    4.2%",
                "rank          1    509     168           0            0   0.001349     7.2%",
                "---------------------------------------------------------------------------",
                "total         7   1635    1303        2584         2628   0.0186224  100.0%",
                "Budget $5: used $0.0186224 (0.4%), remaining $4.9813776"),
                RunSummary.lines(stages, run, new BigDecimal("5.00")));
    }

    @Test
    void budgetLineSaysWhatRemainsOrByHowMuchItWasExceeded() {
        assertEquals("Budget $0.01: used $0.016497 (165.0%), remaining $0 (over by $0.006497)",
                RunSummary.budgetLine(Money.picos(new BigDecimal("0.016497")), new BigDecimal("0.01")));
        assertEquals("Budget $0.02: used $0.02 (100.0%), remaining $0",
                RunSummary.budgetLine(Money.picos(new BigDecimal("0.02")), new BigDecimal("0.020")));
        assertEquals("No budget: spent $0.000000000001", RunSummary.budgetLine(1, null));
        assertEquals(List.of("No LLM call was recorded.", "Budget $1: used $0 (0.0%), remaining $1"),
                RunSummary.lines(Map.of(), Totals.ZERO, BigDecimal.ONE));
    }

    @Test
    void moneyAlignsOnThePointWithoutRoundingAndNamesCannotDriveTheTerminal() {
        List<String> lines = new TextTable()
                .column("Name", TextTable.Align.LEFT)
                .column("usd", TextTable.Align.DECIMAL)
                .row("a\u001b[31mred", "5")
                .row("b", "0.000000000001")
                .row("c", "123.5")
                .lines();
        assertEquals(List.of(
                "Name                         usd",
                "a\\u001b[31mred    5",
                "b                 0.000000000001",
                "c               123.5"), lines);
    }
}
