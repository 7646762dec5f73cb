package dev.costagent.agent.report.text;

import dev.costagent.agent.value.Money;
import dev.costagent.agent.value.Totals;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * The table of a run's usage by one grouping (stages, models, providers, operations): calls, the four token
 * classes, the cost exactly as the files hold it, and each row's share of the run, then a total row that is the sum
 * of the rows above it. The CLI's {@code report} and the agent's exit summary both print it, so they look alike.
 *
 * <p>No lambdas or streams (see {@link TextTable}).
 */
public final class UsageTable {

    private UsageTable() {
    }

    /**
     * The lines of the table.
     *
     * @param title  the first column's header ("Stage", "Model", ...)
     * @param groups name to figures, in the order to print them
     * @param run    the whole run's total, that the share column divides by
     */
    public static List<String> lines(String title, Map<String, Totals> groups, Totals run) {
        TextTable t = new TextTable()
                .column(title, TextTable.Align.LEFT)
                .column("calls", TextTable.Align.RIGHT)
                .column("input", TextTable.Align.RIGHT)
                .column("output", TextTable.Align.RIGHT)
                .column("cache read", TextTable.Align.RIGHT)
                .column("cache write", TextTable.Align.RIGHT)
                .column("cost (USD)", TextTable.Align.DECIMAL)
                .column("share", TextTable.Align.RIGHT);
        Totals sum = Totals.ZERO;
        for (Map.Entry<String, Totals> e : groups.entrySet()) {
            Totals g = e.getValue();
            sum = sum.plus(g);
            t.row(e.getKey(), Long.toString(g.calls()), Long.toString(g.input()), Long.toString(g.output()),
                    Long.toString(g.cacheRead()), Long.toString(g.cacheWrite()), usd(g.picos()),
                    share(g.picos(), run.picos()));
        }
        if (groups.size() > 1) {
            t.rule();
            t.row("total", Long.toString(sum.calls()), Long.toString(sum.input()), Long.toString(sum.output()),
                    Long.toString(sum.cacheRead()), Long.toString(sum.cacheWrite()), usd(sum.picos()),
                    share(sum.picos(), run.picos()));
        }
        return t.lines();
    }

    /**
     * The lines of a cost-only table, for what holds no token counts (a log entry of an older version: stage to
     * dollars).
     */
    public static List<String> costLines(String title, Map<String, Long> picosByName, long runPicos) {
        TextTable t = new TextTable()
                .column(title, TextTable.Align.LEFT)
                .column("cost (USD)", TextTable.Align.DECIMAL)
                .column("share", TextTable.Align.RIGHT);
        long sum = 0;
        for (Map.Entry<String, Long> e : picosByName.entrySet()) {
            sum = Math.addExact(sum, e.getValue());
            t.row(e.getKey(), usd(e.getValue()), share(e.getValue(), runPicos));
        }
        if (picosByName.size() > 1) {
            t.rule();
            t.row("total", usd(sum), share(sum, runPicos));
        }
        return t.lines();
    }

    /** Dollars exactly, as the files write them: plain, without trailing zeros. */
    public static String usd(long picos) {
        return Money.usd(picos).toPlainString();
    }

    /** {@code part} as a percentage of {@code whole}, to one decimal (a display figure, not money). */
    public static String share(long part, long whole) {
        if (whole == 0) {
            return "-";
        }
        return BigDecimal.valueOf(part).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP).toPlainString() + "%";
    }
}
