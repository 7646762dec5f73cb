package dev.costagent.agent.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.costagent.agent.report.text.TextTable;
import dev.costagent.agent.report.text.UsageTable;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code history [--last N] [--workflow NAME] [--json] [FOLDER]}: one line per run, the cumulative totals and a
 * trend. The log is streamed: only the lines shown and one cost per run (for the median) are held.
 */
@Command(name = "history", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = {"One line per run (id, workflow, started, duration, status, cost, budget), the cumulative "
                + "totals, and a one-line trend: the last run's cost against the median of the earlier runs of its "
                + "workflow."})
final class HistoryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Option(names = "--last", paramLabel = "N", defaultValue = "20",
            description = "Show the last N runs (default: ${DEFAULT-VALUE}; 0 for all).")
    int last;

    @Option(names = "--workflow", paramLabel = "NAME", description = "Only the runs of this workflow.")
    String workflow;

    @Option(names = "--json", description = "Print the lines, totals and trend as JSON.")
    boolean json;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FOLDER", defaultValue = "data",
            description = "The agent's output folder, or a cost_log.json (default: ${DEFAULT-VALUE}).")
    Path where;

    /** What one line shows. */
    record Line(String runId, String workflow, java.time.Instant startedAt, java.time.Instant endedAt, String status,
                long costPicos, BigDecimal budgetUsd) {
    }

    /** What a pass over the log gathered. */
    record Gathered(ArrayDeque<Line> lines, long selectedRuns, long selectedPicos, CumulativeView cumulative, Trend trend) {
    }

    @Override
    public Integer call() throws Exception {
        if (last < 0) {
            throw new CliException("--last must be 0 (all) or more, got " + last);
        }
        RunSource source = store.source(where, spec.commandLine().getParseResult().hasMatchedPositional(0));
        Gathered g = gather(source, last, workflow);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            writeJson(out, g);
        } else {
            for (String line : text(g, workflow)) {
                out.println(line);
            }
        }
        out.flush();
        return 0;
    }

    static Gathered gather(RunSource source, int last, String workflow) throws CliException {
        ArrayDeque<Line> lines = new ArrayDeque<>();
        Map<String, long[]> costs = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        long[] selected = new long[2];
        Line[] newest = new Line[1];
        CumulativeView cumulative = source.scanSummaries(r -> {
            if (workflow != null && !workflow.equals(r.workflow())) {
                return;
            }
            Line line = new Line(r.runId(), r.workflow(), r.startedAt(), r.endedAt(), r.status(), r.costPicos(),
                    r.budgetUsd());
            selected[0]++;
            selected[1] = Math.addExact(selected[1], r.costPicos());
            if (last > 0 && lines.size() == last) {
                lines.removeFirst();
            }
            lines.addLast(line);
            newest[0] = line;
            String key = Objects.toString(r.workflow(), "");
            int n = counts.getOrDefault(key, 0);
            long[] c = costs.computeIfAbsent(key, k -> new long[16]);
            if (n == c.length) {
                c = Arrays.copyOf(c, n * 2);
                costs.put(key, c);
            }
            c[n] = r.costPicos();
            counts.put(key, n + 1);
        });
        Trend trend = null;
        if (newest[0] != null) {
            String key = Objects.toString(newest[0].workflow(), "");
            trend = Trend.of(newest[0].runId(), newest[0].workflow(), costs.get(key), counts.get(key));
        }
        return new Gathered(lines, selected[0], selected[1], cumulative, trend);
    }

    static java.util.List<String> text(Gathered g, String workflow) {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (g.selectedRuns() == 0) {
            out.add(workflow == null ? "No run recorded yet." : "No run of workflow '" + workflow + "'.");
        } else {
            TextTable t = new TextTable()
                    .column("Run", TextTable.Align.LEFT)
                    .column("workflow", TextTable.Align.LEFT)
                    .column("started", TextTable.Align.LEFT)
                    .column("duration", TextTable.Align.RIGHT)
                    .column("status", TextTable.Align.LEFT)
                    .column("cost (USD)", TextTable.Align.DECIMAL)
                    .column("budget (USD)", TextTable.Align.DECIMAL);
            for (Line l : g.lines()) {
                t.row(l.runId(), ReportText.orDash(l.workflow()), ReportText.orDash(l.startedAt()),
                        l.startedAt() == null || l.endedAt() == null ? "-"
                                : ReportText.duration(java.time.Duration.between(l.startedAt(), l.endedAt())),
                        ReportText.orDash(l.status()), UsageTable.usd(l.costPicos()),
                        l.budgetUsd() == null ? "-" : l.budgetUsd().toPlainString());
            }
            out.addAll(t.lines());
            if (g.lines().size() < g.selectedRuns()) {
                out.add("(the last " + g.lines().size() + " of " + g.selectedRuns() + " runs; --last 0 shows all)");
            }
        }
        out.add("");
        if (workflow != null) {
            out.add("Workflow " + TextTable.printable(workflow) + ": " + g.selectedRuns() + " runs, $"
                    + UsageTable.usd(g.selectedPicos()));
        }
        CumulativeView c = g.cumulative();
        out.add("Cumulative: " + c.runs() + " runs, $" + UsageTable.usd(c.totalPicos()));
        if (!c.workflows().isEmpty()) {
            StringBuilder b = new StringBuilder("  by workflow:");
            String sep = " ";
            for (Map.Entry<String, Long> e : c.workflows().entrySet()) {
                b.append(sep).append(TextTable.printable(e.getKey())).append(" $").append(UsageTable.usd(e.getValue()));
                sep = ", ";
            }
            out.add(b.toString());
        }
        if (g.trend() != null) {
            out.add(TextTable.printable(g.trend().line()));
        }
        return out;
    }

    private static void writeJson(PrintWriter out, Gathered g) throws java.io.IOException {
        try (JsonGenerator j = JsonOut.pretty(out)) {
            j.writeStartObject();
            j.writeArrayFieldStart("runs");
            for (Line l : g.lines()) {
                j.writeStartObject();
                j.writeStringField("run_id", l.runId());
                j.writeStringField("workflow", l.workflow());
                j.writeStringField("started_at", l.startedAt() == null ? null : l.startedAt().toString());
                j.writeStringField("ended_at", l.endedAt() == null ? null : l.endedAt().toString());
                if (l.startedAt() != null && l.endedAt() != null) {
                    j.writeNumberField("duration_ms", java.time.Duration.between(l.startedAt(), l.endedAt()).toMillis());
                }
                j.writeStringField("status", l.status());
                j.writeFieldName("total_cost_usd");
                JsonOut.usd(j, l.costPicos());
                j.writeFieldName("budget_usd");
                if (l.budgetUsd() == null) {
                    j.writeNull();
                } else {
                    j.writeNumber(l.budgetUsd());
                }
                j.writeEndObject();
            }
            j.writeEndArray();
            j.writeObjectFieldStart("selected");
            j.writeNumberField("runs", g.selectedRuns());
            j.writeFieldName("total_cost_usd");
            JsonOut.usd(j, g.selectedPicos());
            j.writeEndObject();
            CumulativeView c = g.cumulative();
            j.writeObjectFieldStart("cumulative");
            j.writeNumberField("runs", c.runs());
            j.writeFieldName("total_cost_usd");
            JsonOut.usd(j, c.totalPicos());
            JsonOut.amounts(j, "stages", c.stages());
            JsonOut.amounts(j, "models", c.models());
            JsonOut.amounts(j, "workflows", c.workflows());
            j.writeEndObject();
            j.writeFieldName("trend");
            Trend t = g.trend();
            if (t == null) {
                j.writeNull();
            } else {
                j.writeStartObject();
                j.writeStringField("run_id", t.runId());
                j.writeStringField("workflow", t.workflow());
                j.writeFieldName("cost_usd");
                JsonOut.usd(j, t.costPicos());
                j.writeNumberField("previous_runs", t.previousRuns());
                j.writeFieldName("median_usd");
                if (t.medianUsd() == null) {
                    j.writeNull();
                } else {
                    j.writeNumber(t.medianUsd());
                }
                j.writeFieldName("change_percent");
                if (t.changePercent() == null) {
                    j.writeNull();
                } else {
                    j.writeNumber(t.changePercent());
                }
                j.writeEndObject();
            }
            j.writeEndObject();
        }
        out.println();
    }
}
