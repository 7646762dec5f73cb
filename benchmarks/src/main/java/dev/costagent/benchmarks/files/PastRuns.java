package dev.costagent.benchmarks.files;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.costagent.agent.events.RunSnapshot;
import dev.costagent.agent.report.RunSnapshotJson;
import dev.costagent.agent.value.Totals;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Output folders with a history, written directly for the file benchmarks: what a folder looks like after many
 * runs, without running them.
 *
 * <ul>
 *   <li>{@link #steadyState}: {@code cost_log.json} holding the latest {@code keep} runs as this version writes
 *       them (each the whole report of a demo-like run: three stages, three models, three providers, three
 *       operations), and the older ones in {@code cost_log.archive/YYYY-MM.jsonl.gz} (one JSON per line, one run a
 *       minute, in the short form an older version's log held, which is what an upgraded folder's archive starts
 *       with). The agent's index is not written: the first write of the folder makes it.</li>
 *   <li>{@link #oldLog}: a {@code cost_log.json} of an older version, all runs in it, pretty-printed.</li>
 * </ul>
 */
final class PastRuns {

    static final String[] STAGES = {"ideas", "critique", "rank"};
    static final String[] MODELS = {"claude-sonnet-4-5", "gpt-4o-mini", "claude-haiku-4-5"};
    private static final String[] PROVIDERS = {"anthropic", "openai", "anthropic"};
    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    private PastRuns() {
    }

    /** Run {@code i}'s cost in one stage, in picodollars: about two cents a run, never twice the same. */
    private static long stagePicos(long i, int k) {
        return 776_400_000L + 1_000_000L * ((i * 7L + k * 13L) % 1000);
    }

    private static String runId(long i) {
        return String.format(Locale.ROOT, "20250101T%06dZ-%06x", i % 240000, i);
    }

    /** A folder that has seen {@code past} runs and keeps {@code keep} of them in its log. */
    static void steadyState(Path dir, long past, int keep) throws IOException {
        Files.createDirectories(dir);
        long archived = Math.max(0, past - keep);
        long[] stageTotals = new long[STAGES.length];
        long[] modelTotals = new long[MODELS.length];
        if (archived > 0) {
            writeArchives(dir.resolve("cost_log.archive"), archived, stageTotals, modelTotals);
        }
        JsonFactory json = new JsonFactory();
        try (OutputStream out = Files.newOutputStream(dir.resolve("cost_log.json"));
             JsonGenerator g = json.createGenerator(out).useDefaultPrettyPrinter()) {
            g.writeStartObject();
            g.writeFieldName("runs");
            g.writeStartArray();
            for (long i = archived; i < past; i++) {
                RunSnapshot s = run(i, stageTotals, modelTotals);
                g.writeRawValue(new String(RunSnapshotJson.logEntry(s), StandardCharsets.UTF_8));
            }
            g.writeEndArray();
            cumulative(g, past, stageTotals, modelTotals);
            g.writeEndObject();
        }
    }

    /** A whole demo-like run, its costs added to the totals. */
    private static RunSnapshot run(long i, long[] stageTotals, long[] modelTotals) {
        Map<String, Totals> stages = new LinkedHashMap<>();
        Map<String, Totals> models = new LinkedHashMap<>();
        Map<String, Totals> providers = new LinkedHashMap<>();
        Map<String, Totals> operations = new LinkedHashMap<>();
        Totals all = Totals.ZERO;
        for (int k = 0; k < STAGES.length; k++) {
            long picos = stagePicos(i, k);
            Totals t = new Totals(1, 1000 + k, 2000 + k, 0, 300, picos);
            stages.put(STAGES[k], t);
            models.put(MODELS[k], t);
            providers.merge(PROVIDERS[k], t, Totals::plus);
            operations.put("Bench." + STAGES[k], t);
            all = all.plus(t);
            stageTotals[k] += picos;
            modelTotals[k] += picos;
        }
        Instant started = START.plusSeconds(60 * i);
        return new RunSnapshot(runId(i), "IncubatorPipeline", started, started.plusMillis(2977), "completed",
                new BigDecimal("5"), List.of(), all, stages, models, providers, operations, Map.of(), 0, List.of(),
                Map.of());
    }

    /** Runs 0 to {@code count - 1}, a minute apart, one file per month, in the short form of older versions. */
    private static void writeArchives(Path dir, long count, long[] stageTotals, long[] modelTotals)
            throws IOException {
        Files.createDirectories(dir);
        JsonFactory json = new JsonFactory();
        String month = null;
        GZIPOutputStream out = null;
        ByteArrayOutputStream line = new ByteArrayOutputStream(512);
        try {
            for (long i = 0; i < count; i++) {
                Instant started = START.plusSeconds(60 * i);
                String m = started.toString().substring(0, 7);
                if (!m.equals(month)) {
                    if (out != null) {
                        out.close();
                    }
                    month = m;
                    // Fast compression: the benchmark's folders are made once, and the agent never reads them at exit.
                    out = new GZIPOutputStream(Files.newOutputStream(dir.resolve(m + ".jsonl.gz")), 1 << 16) {
                        {
                            def.setLevel(Deflater.BEST_SPEED);
                        }
                    };
                }
                line.reset();
                try (JsonGenerator g = json.createGenerator(line)) {
                    shortEntry(g, i, started);
                }
                for (int k = 0; k < STAGES.length; k++) {
                    stageTotals[k] += stagePicos(i, k);
                    // An older version's entry names no model; the totals it wrote still counted them.
                    modelTotals[k] += stagePicos(i, k);
                }
                line.write('\n');
                line.writeTo(out);
            }
        } finally {
            if (out != null) {
                out.close();
            }
        }
    }

    private static void cumulative(JsonGenerator g, long runs, long[] stageTotals, long[] modelTotals)
            throws IOException {
        long total = 0;
        for (long s : stageTotals) {
            total += s;
        }
        g.writeObjectFieldStart("cumulative");
        g.writeNumberField("runs", runs);
        g.writeNumberField("total_cost_usd", usd(total));
        g.writeObjectFieldStart("stages");
        for (int k = 0; k < STAGES.length; k++) {
            g.writeNumberField(STAGES[k], usd(stageTotals[k]));
        }
        g.writeEndObject();
        g.writeObjectFieldStart("models");
        for (int k = 0; k < MODELS.length; k++) {
            g.writeNumberField(MODELS[k], usd(modelTotals[k]));
        }
        g.writeEndObject();
        g.writeObjectFieldStart("workflows");
        g.writeNumberField("IncubatorPipeline", usd(total));
        g.writeEndObject();
        g.writeEndObject();
    }

    /** A log of {@code runs} runs as an older version wrote it: all of them, pretty-printed, in the short form. */
    static void oldLog(Path file, int runs) throws IOException {
        long[] stageTotals = new long[STAGES.length];
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file);
             JsonGenerator g = new JsonFactory().createGenerator(out).useDefaultPrettyPrinter()) {
            g.writeStartObject();
            g.writeArrayFieldStart("runs");
            for (int i = 0; i < runs; i++) {
                Instant s = START.plusSeconds(60L * i);
                shortEntry(g, i, s);
                for (int k = 0; k < STAGES.length; k++) {
                    stageTotals[k] += stagePicos(i, k);
                }
            }
            g.writeEndArray();
            cumulative(g, runs, stageTotals, stageTotals.clone());
            g.writeEndObject();
        }
    }

    /** Run {@code i} as an older version wrote it: the run's fields and its stage costs, no groups. */
    private static void shortEntry(JsonGenerator g, long i, Instant started) throws IOException {
        g.writeStartObject();
        g.writeStringField("run_id", runId(i));
        g.writeStringField("workflow", "IncubatorPipeline");
        g.writeStringField("started_at", started.toString());
        g.writeStringField("ended_at", started.plusMillis(2977).toString());
        g.writeStringField("status", "completed");
        g.writeNumberField("budget_usd", new BigDecimal("5"));
        long total = 0;
        for (int k = 0; k < STAGES.length; k++) {
            total += stagePicos(i, k);
        }
        g.writeNumberField("total_cost_usd", usd(total));
        g.writeObjectFieldStart("costs");
        for (int k = 0; k < STAGES.length; k++) {
            g.writeNumberField(STAGES[k], usd(stagePicos(i, k)));
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    static BigDecimal usd(long picos) {
        BigDecimal d = BigDecimal.valueOf(picos, 12).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0) : d;
    }
}
