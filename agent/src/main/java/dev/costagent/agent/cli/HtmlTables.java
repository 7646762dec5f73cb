package dev.costagent.agent.cli;

import dev.costagent.agent.report.text.RunSummary;
import dev.costagent.agent.report.text.UsageTable;
import dev.costagent.agent.value.Totals;
import java.util.Collection;
import java.util.Map;

/** The page's HTML tables: {@code report}'s tables, the cumulative totals and the recent runs. Every name escaped. */
final class HtmlTables {

    private HtmlTables() {
    }

    static String summary(RunView run, CumulativeView c) {
        StringBuilder b = new StringBuilder();
        b.append("<h1>Run <span class=\"id\">").append(e(run.runId())).append("</span></h1>\n");
        b.append("<dl class=\"facts\">");
        fact(b, "Workflow", run.workflow());
        fact(b, "Status", run.status());
        fact(b, "Started", ReportText.orDash(run.startedAt()));
        fact(b, "Duration", run.duration() == null ? "-" : ReportText.duration(run.duration()));
        fact(b, "Cost", "$" + UsageTable.usd(run.costPicos()));
        fact(b, "Budget", RunSummary.budgetLine(run.costPicos(), run.budgetUsd()).replaceFirst("^Budget ", ""));
        if (run.detailed()) {
            fact(b, "Calls", run.totals().calls() + " (" + run.unmeteredCalls() + " unmetered)");
        }
        fact(b, "Cumulative", c.runs() + " runs, $" + UsageTable.usd(c.totalPicos()));
        b.append("</dl>\n");
        if (!run.detailed()) {
            b.append("<p class=\"note\">").append(e(ReportText.OLDER_ENTRY)).append("</p>\n");
        }
        return b.toString();
    }

    static String run(RunView run) {
        StringBuilder b = new StringBuilder();
        if (!run.detailed()) {
            costTable(b, "Stage", run.stages(), run.totals());
            return b.toString();
        }
        usageTable(b, "Stage", "stages", run.stages(), run.totals());
        usageTable(b, "Model", "models", run.models(), run.totals());
        usageTable(b, "Operation", "operations", run.operations(), run.totals());
        if (!run.unpriced().isEmpty()) {
            b.append("<h2>Unpriced models (not in the catalog, priced at $0)</h2>\n");
            usageTable(b, "Model", "unpriced", run.unpriced(), run.totals());
        }
        b.append("<h2>Warnings</h2>\n");
        if (run.warnings().isEmpty()) {
            b.append("<p>None.</p>\n");
        } else {
            b.append("<ul class=\"warnings\">");
            for (String w : run.warnings()) {
                b.append("<li>").append(e(w)).append("</li>");
            }
            b.append("</ul>\n");
        }
        return b.toString();
    }

    static String history(Collection<RunView> runs) {
        StringBuilder b = new StringBuilder("<table class=\"history\"><thead><tr><th>Run</th><th>Workflow</th>"
                + "<th>Started</th><th>Duration</th><th>Status</th><th class=\"n\">Cost (USD)</th>"
                + "<th class=\"n\">Budget (USD)</th></tr></thead><tbody>\n");
        for (RunView r : runs) {
            b.append("<tr><td>").append(e(r.runId())).append("</td><td>").append(e(ReportText.orDash(r.workflow())))
                    .append("</td><td>").append(e(ReportText.orDash(r.startedAt()))).append("</td><td>")
                    .append(r.duration() == null ? "-" : ReportText.duration(r.duration())).append("</td><td>")
                    .append(e(ReportText.orDash(r.status()))).append("</td><td class=\"n\">")
                    .append(UsageTable.usd(r.costPicos())).append("</td><td class=\"n\">")
                    .append(r.budgetUsd() == null ? "-" : r.budgetUsd().toPlainString()).append("</td></tr>\n");
        }
        return b.append("</tbody></table>\n").toString();
    }

    private static void usageTable(StringBuilder b, String title, String css, Map<String, Totals> groups, Totals run) {
        if (!css.equals("unpriced")) {
            b.append("<h2>").append(title).append("s</h2>\n");
        }
        if (groups.isEmpty()) {
            b.append("<p>None.</p>\n");
            return;
        }
        b.append("<table class=\"").append(css).append("\"><thead><tr><th>").append(title).append("</th>"
                + "<th class=\"n\">Calls</th><th class=\"n\">Input</th><th class=\"n\">Output</th>"
                + "<th class=\"n\">Cache read</th><th class=\"n\">Cache write</th><th class=\"n\">Cost (USD)</th>"
                + "<th class=\"n\">Share</th></tr></thead><tbody>\n");
        Totals sum = Totals.ZERO;
        for (Map.Entry<String, Totals> g : groups.entrySet()) {
            sum = sum.plus(g.getValue());
            usageRow(b, "<td>" + e(g.getKey()) + "</td>", g.getValue(), run);
        }
        b.append("</tbody><tfoot>");
        usageRow(b, "<th>Total</th>", sum, run);
        b.append("</tfoot></table>\n");
    }

    private static void usageRow(StringBuilder b, String first, Totals t, Totals run) {
        b.append("<tr>").append(first)
                .append("<td class=\"n\">").append(t.calls()).append("</td>")
                .append("<td class=\"n\">").append(t.input()).append("</td>")
                .append("<td class=\"n\">").append(t.output()).append("</td>")
                .append("<td class=\"n\">").append(t.cacheRead()).append("</td>")
                .append("<td class=\"n\">").append(t.cacheWrite()).append("</td>")
                .append("<td class=\"n\">").append(UsageTable.usd(t.picos())).append("</td>")
                .append("<td class=\"n\">").append(UsageTable.share(t.picos(), run.picos())).append("</td></tr>\n");
    }

    private static void costTable(StringBuilder b, String title, Map<String, Totals> groups, Totals run) {
        b.append("<h2>").append(title).append("s</h2>\n<table class=\"stages\"><thead><tr><th>").append(title)
                .append("</th><th class=\"n\">Cost (USD)</th><th class=\"n\">Share</th></tr></thead><tbody>\n");
        long sum = 0;
        for (Map.Entry<String, Totals> g : groups.entrySet()) {
            sum += g.getValue().picos();
            b.append("<tr><td>").append(e(g.getKey())).append("</td><td class=\"n\">")
                    .append(UsageTable.usd(g.getValue().picos())).append("</td><td class=\"n\">")
                    .append(UsageTable.share(g.getValue().picos(), run.picos())).append("</td></tr>\n");
        }
        b.append("</tbody><tfoot><tr><th>Total</th><td class=\"n\">").append(UsageTable.usd(sum))
                .append("</td><td class=\"n\">").append(UsageTable.share(sum, run.picos()))
                .append("</td></tr></tfoot></table>\n");
    }

    private static void fact(StringBuilder b, String name, String value) {
        b.append("<div><dt>").append(name).append("</dt><dd>").append(e(ReportText.orDash(value))).append("</dd></div>");
    }

    private static String e(String s) {
        return HtmlText.escape(s);
    }
}
