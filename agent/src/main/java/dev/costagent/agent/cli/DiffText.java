package dev.costagent.agent.cli;

import dev.costagent.agent.report.text.TextTable;
import dev.costagent.agent.report.text.UsageTable;
import dev.costagent.agent.value.Money;
import dev.costagent.agent.value.Totals;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code diff}'s text: two runs, stage by stage and model by model, the biggest change in cost first. */
final class DiffText {

    private DiffText() {
    }

    static List<String> lines(RunView a, RunView b) {
        List<String> out = new ArrayList<>();
        out.add("A: " + header(a));
        out.add("B: " + header(b));
        long change = Math.subtractExact(b.costPicos(), a.costPicos());
        out.add("Change: " + signedDollars(change) + percent(change, a.costPicos()));
        boolean detailed = a.detailed() && b.detailed();
        out.add("");
        if (detailed) {
            out.addAll(table("Stage", a.stages(), b.stages()));
            out.add("");
            out.addAll(table("Model", a.models(), b.models()));
        } else {
            out.addAll(table("Stage", costsOnly(a.stages()), costsOnly(b.stages())));
            out.add("");
            RunView older = a.detailed() ? b : a;
            out.add("Models: not compared: run " + older.runId() + " holds the stage costs only (written by an older "
                    + "cost-agent).");
        }
        List<String> printable = new ArrayList<>(out.size());
        for (String l : out) {
            printable.add(TextTable.printable(l));
        }
        return printable;
    }

    private static String header(RunView r) {
        return r.runId() + " (" + ReportText.orDash(r.workflow()) + ", " + ReportText.orDash(r.status()) + ", started "
                + ReportText.orDash(r.startedAt()) + "): $" + UsageTable.usd(r.costPicos());
    }

    /**
     * One row per name in either run, the biggest change in cost first (then by name); a name in one run only
     * counts as zero in the other. The total row sums the rows.
     */
    static List<String> table(String title, Map<String, Totals> a, Map<String, Totals> b) {
        Set<String> names = new LinkedHashSet<>(a.keySet());
        names.addAll(b.keySet());
        List<String> order = new ArrayList<>(names);
        order.sort(Comparator.comparingLong((String n) -> -Math.abs(picos(b, n) - picos(a, n)))
                .thenComparing(Comparator.naturalOrder()));
        boolean tokens = hasTokens(a) || hasTokens(b);
        TextTable t = new TextTable().column(title, TextTable.Align.LEFT);
        if (tokens) {
            t.column("calls", TextTable.Align.RIGHT)
                    .column("input", TextTable.Align.RIGHT)
                    .column("output", TextTable.Align.RIGHT)
                    .column("cache read", TextTable.Align.RIGHT)
                    .column("cache write", TextTable.Align.RIGHT);
        }
        t.column("cost A (USD)", TextTable.Align.DECIMAL)
                .column("cost B (USD)", TextTable.Align.DECIMAL)
                .column("change (USD)", TextTable.Align.DECIMAL)
                .column("", TextTable.Align.LEFT);
        Totals sumA = Totals.ZERO;
        Totals sumB = Totals.ZERO;
        for (String n : order) {
            Totals x = a.getOrDefault(n, Totals.ZERO);
            Totals y = b.getOrDefault(n, Totals.ZERO);
            sumA = sumA.plus(x);
            sumB = sumB.plus(y);
            String note = !a.containsKey(n) ? "only in B" : !b.containsKey(n) ? "only in A" : "";
            t.row(row(n, x, y, tokens, note));
        }
        if (order.size() > 1) {
            t.rule();
            t.row(row("total", sumA, sumB, tokens, ""));
        }
        return t.lines();
    }

    private static String[] row(String name, Totals x, Totals y, boolean tokens, String note) {
        List<String> cells = new ArrayList<>();
        cells.add(name);
        if (tokens) {
            cells.add(x.calls() == y.calls() ? Long.toString(y.calls()) : x.calls() + " -> " + y.calls());
            cells.add(signed(y.input() - x.input()));
            cells.add(signed(y.output() - x.output()));
            cells.add(signed(y.cacheRead() - x.cacheRead()));
            cells.add(signed(y.cacheWrite() - x.cacheWrite()));
        }
        cells.add(UsageTable.usd(x.picos()));
        cells.add(UsageTable.usd(y.picos()));
        cells.add(signedUsd(y.picos() - x.picos()));
        cells.add(note);
        return cells.toArray(new String[0]);
    }

    private static Map<String, Totals> costsOnly(Map<String, Totals> groups) {
        Map<String, Totals> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Totals> e : groups.entrySet()) {
            out.put(e.getKey(), new Totals(0, 0, 0, 0, 0, e.getValue().picos()));
        }
        return out;
    }

    private static boolean hasTokens(Map<String, Totals> groups) {
        for (Totals t : groups.values()) {
            if (t.calls() != 0 || t.input() != 0 || t.output() != 0 || t.cacheRead() != 0 || t.cacheWrite() != 0) {
                return true;
            }
        }
        return false;
    }

    private static long picos(Map<String, Totals> m, String name) {
        Totals t = m.get(name);
        return t == null ? 0 : t.picos();
    }

    private static String signed(long n) {
        return n > 0 ? "+" + n : Long.toString(n);
    }

    /** {@code +$0.0021254}, {@code -$0.5}, {@code $0}. */
    static String signedDollars(long picos) {
        return picos > 0 ? "+$" + UsageTable.usd(picos) : picos < 0 ? "-$" + UsageTable.usd(-picos) : "$0";
    }

    static String signedUsd(long picos) {
        return picos > 0 ? "+" + UsageTable.usd(picos) : picos < 0 ? "-" + UsageTable.usd(-picos) : "0";
    }

    private static String percent(long change, long base) {
        if (base == 0) {
            return "";
        }
        BigDecimal p = Money.usd(change).multiply(BigDecimal.valueOf(100)).divide(Money.usd(base), 1, RoundingMode.HALF_UP);
        return " (" + (p.signum() > 0 ? "+" : "") + p.toPlainString() + "%)";
    }
}
