package dev.costagent.agent.cli;

import dev.costagent.agent.report.text.RunSummary;
import dev.costagent.agent.report.text.TextTable;
import dev.costagent.agent.report.text.UsageTable;
import dev.costagent.agent.value.Totals;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code report}'s text: one run as a header and tables. */
final class ReportText {

    static final String OLDER_ENTRY = "This log entry was written by an older cost-agent: it holds the stage costs only.";

    private ReportText() {
    }

    static List<String> lines(RunView run) {
        List<String> out = new ArrayList<>();
        out.add("Run " + run.runId() + " (" + orDash(run.workflow()) + "): " + orDash(run.status()));
        out.add("Started " + orDash(run.startedAt()) + ", ended " + orDash(run.endedAt())
                + (run.duration() == null ? "" : " (" + duration(run.duration()) + ")"));
        out.add(RunSummary.budgetLine(run.costPicos(), run.budgetUsd()));
        if (!run.detailed()) {
            out.add(OLDER_ENTRY);
            out.add("");
            out.addAll(UsageTable.costLines("Stage", costs(run.stages()), run.costPicos()));
            return printable(out);
        }
        out.add(run.totals().calls() + " calls, " + run.unmeteredCalls() + " unmetered (no readable usage)");
        section(out, "Stage", run.stages(), run.totals());
        section(out, "Model", run.models(), run.totals());
        section(out, "Operation", run.operations(), run.totals());
        out.add("");
        if (run.unpriced().isEmpty()) {
            out.add("Unpriced models: none");
        } else {
            out.add("Unpriced models (not in the catalog, priced at $0):");
            out.addAll(UsageTable.lines("Model", run.unpriced(), run.totals()));
        }
        out.add("");
        if (run.warnings().isEmpty()) {
            out.add("Warnings: none");
        } else {
            out.add("Warnings:");
            for (String w : run.warnings()) {
                out.add("  " + w);
            }
        }
        return printable(out);
    }

    private static void section(List<String> out, String title, Map<String, Totals> groups, Totals run) {
        out.add("");
        if (groups.isEmpty()) {
            out.add(title + "s: none");
        } else {
            out.addAll(UsageTable.lines(title, groups, run));
        }
    }

    static Map<String, Long> costs(Map<String, Totals> groups) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Map.Entry<String, Totals> e : groups.entrySet()) {
            out.put(e.getKey(), e.getValue().picos());
        }
        return out;
    }

    /** {@code 2.977 s}, {@code 3 min 12 s}, {@code 2 h 5 min}. */
    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 0) {
            return "-";
        }
        if (ms < 60_000) {
            return (ms / 1000) + "." + String.format("%03d", ms % 1000) + " s";
        }
        long s = ms / 1000;
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }

    static String orDash(Object o) {
        return o == null ? "-" : o.toString();
    }

    /** Every line with control characters escaped (names and warnings come from the program). */
    private static List<String> printable(List<String> lines) {
        List<String> out = new ArrayList<>(lines.size());
        for (String l : lines) {
            out.add(TextTable.printable(l));
        }
        return out;
    }
}
