package dev.costagent.agent.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.costagent.agent.value.Money;
import dev.costagent.agent.value.Totals;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an output folder as the agent does (README "Output files"): {@code cost_report.json} for the last run and
 * {@code cost_log.json} with every run (the full entry of issue 17, or an older version's entry of stage costs) and
 * the cumulative totals.
 */
final class CostFolder {

    private CostFolder() {
    }

    static RunView run(String id, String workflow, String started, long seconds, String status, String budget,
                       Map<String, Totals> stages, Map<String, Totals> models) {
        Totals all = Totals.ZERO;
        for (Totals t : stages.values()) {
            all = all.plus(t);
        }
        Instant s = Instant.parse(started);
        return new RunView(id, workflow, s, s.plusSeconds(seconds), status, budget == null ? null : new BigDecimal(budget),
                all, stages, models, Map.of("anthropic", all), Map.of("Op.call", all), Map.of(), 0, List.of(), true);
    }

    static Totals t(long calls, long input, long output, long cacheRead, long cacheWrite, String usd) {
        return new Totals(calls, input, output, cacheRead, cacheWrite, Money.picos(new BigDecimal(usd)));
    }

    static Map<String, Totals> groups(Object... nameThenTotals) {
        Map<String, Totals> m = new LinkedHashMap<>();
        for (int i = 0; i < nameThenTotals.length; i += 2) {
            m.put((String) nameThenTotals[i], (Totals) nameThenTotals[i + 1]);
        }
        return m;
    }

    /** The report of the last run, and the log of all (entries of older versions for {@code olderEntries}). */
    static void write(Path dir, List<RunView> runs, List<String> olderEntries) throws IOException {
        Files.createDirectories(dir);
        try (Writer w = Files.newBufferedWriter(dir.resolve(CostFiles.REPORT), StandardCharsets.UTF_8);
             JsonGenerator g = JsonOut.pretty(w)) {
            JsonOut.run(g, runs.get(runs.size() - 1));
        }
        writeLog(dir.resolve(CostFiles.LOG), runs, olderEntries);
    }

    static void writeLog(Path file, List<RunView> runs, List<String> olderEntries) throws IOException {
        Map<String, Long> stages = new LinkedHashMap<>();
        Map<String, Long> models = new LinkedHashMap<>();
        Map<String, Long> workflows = new LinkedHashMap<>();
        long total = 0;
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8); JsonGenerator g = JsonOut.pretty(w)) {
            g.writeStartObject();
            g.writeArrayFieldStart("runs");
            for (RunView r : runs) {
                RunView entry = olderEntries.contains(r.runId()) ? older(r) : r;
                JsonOut.run(g, entry);
                total += r.costPicos();
                workflows.merge(r.workflow(), r.costPicos(), Long::sum);
                r.stages().forEach((k, v) -> stages.merge(k, v.picos(), Long::sum));
                r.models().forEach((k, v) -> models.merge(k, v.picos(), Long::sum));
            }
            g.writeEndArray();
            g.writeObjectFieldStart("cumulative");
            g.writeNumberField("runs", runs.size());
            g.writeFieldName("total_cost_usd");
            JsonOut.usd(g, total);
            JsonOut.amounts(g, "stages", stages);
            JsonOut.amounts(g, "models", models);
            JsonOut.amounts(g, "workflows", workflows);
            g.writeEndObject();
            g.writeEndObject();
        }
    }

    /** The entry an older version wrote: stage costs only. */
    static RunView older(RunView r) {
        Map<String, Totals> costs = new LinkedHashMap<>();
        r.stages().forEach((k, v) -> costs.put(k, new Totals(0, 0, 0, 0, 0, v.picos())));
        return new RunView(r.runId(), r.workflow(), r.startedAt(), r.endedAt(), r.status(), r.budgetUsd(),
                new Totals(0, 0, 0, 0, 0, r.costPicos()), costs, Map.of(), Map.of(), Map.of(), Map.of(), 0, List.of(),
                false);
    }
}
