package dev.costagent.benchmarks.files;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Issue #15's bar: {@code history} and {@code html} on a log of 10,000 runs in under 2 s, as a user runs them:
 * {@code java -jar cost-agent.jar ...} in a fresh JVM each time (start-up, picocli, reading the log, writing the
 * output), wall time.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.costagent.benchmarks.files.CliOnLargeLog [runs] [rounds]</pre>
 *
 * Run from the repository root (it forks {@code agent/target/cost-agent.jar}). The log is written first: every
 * entry in the full form of issue 17 (totals, three stages, three models, providers, operations), about 2.4 kB a
 * run. Prints each round and the median per command.
 */
public final class CliOnLargeLog {

    private static final String JAR = "agent/target/cost-agent.jar";
    private static final String[] STAGES = {"ideas", "critique", "rank"};
    private static final String[] MODELS = {"claude-sonnet-4-5", "gpt-4o-mini", "claude-haiku-4-5"};

    private CliOnLargeLog() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        if (!Files.isRegularFile(Path.of(JAR))) {
            throw new IllegalStateException("run from the repository root after the build: no " + JAR);
        }
        Path dir = Files.createTempDirectory("cli-large-log");
        Path data = Files.createDirectories(dir.resolve("data"));
        writeLog(data, runs);
        System.out.printf(Locale.ROOT, "log of %d runs: %.1f MB%n", runs,
                Files.size(data.resolve("cost_log.json")) / 1e6);
        List<List<String>> commands = List.of(
                List.of("history", data.toString()),
                List.of("history", "--last", "0", data.toString()),
                List.of("html", "-o", dir.resolve("page.html").toString(), data.toString()));
        for (List<String> command : commands) {
            long[] ms = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                ms[i] = fork(command, dir);
                System.out.printf(Locale.ROOT, "  %s round %d: %d ms%n", String.join(" ", command.subList(0,
                        command.size() - 1)), i + 1, ms[i]);
            }
            Arrays.sort(ms);
            System.out.printf(Locale.ROOT, "%-30s median %d ms (min %d, max %d) over %d rounds; bar 2000 ms%n",
                    command.get(0) + (command.contains("--last") ? " --last 0" : ""), ms[rounds / 2], ms[0],
                    ms[rounds - 1], rounds);
        }
    }

    private static long fork(List<String> command, Path dir) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR));
        cmd.addAll(command);
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile()).start();
        int exit = p.waitFor();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (exit != 0) {
            throw new IllegalStateException(cmd + " exited " + exit + ": " + Files.readString(dir.resolve("err.txt")));
        }
        return ms;
    }

    /** cost_log.json and cost_report.json, as the agent writes them (README "Output files", issue 17's entries). */
    static void writeLog(Path data, int runs) throws IOException {
        JsonFactory json = JsonFactory.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        BigDecimal total = BigDecimal.ZERO;
        BigDecimal[] byPart = {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO};
        try (OutputStream out = Files.newOutputStream(data.resolve("cost_log.json"));
             JsonGenerator g = json.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeArrayFieldStart("runs");
            for (int i = 0; i < runs; i++) {
                BigDecimal cost = run(g, i, start.plusSeconds(600L * i));
                total = total.add(cost);
                long[] picos = picos(i);
                for (int k = 0; k < 3; k++) {
                    byPart[k] = byPart[k].add(BigDecimal.valueOf(picos[k], 12)).stripTrailingZeros();
                }
            }
            g.writeEndArray();
            g.writeObjectFieldStart("cumulative");
            g.writeNumberField("runs", runs);
            g.writeNumberField("total_cost_usd", total);
            // Stage k and model k carry the same figure in every run (see run), so their totals are equal.
            for (String group : new String[] {"stages", "models"}) {
                g.writeObjectFieldStart(group);
                for (int k = 0; k < 3; k++) {
                    g.writeNumberField(group.equals("stages") ? STAGES[k] : MODELS[k], byPart[k]);
                }
                g.writeEndObject();
            }
            g.writeObjectFieldStart("workflows");
            g.writeNumberField("IncubatorPipeline", total);
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
        }
        try (OutputStream out = Files.newOutputStream(data.resolve("cost_report.json"));
             JsonGenerator g = json.createGenerator(out)) {
            run(g, runs - 1, start.plusSeconds(600L * (runs - 1)));
        }
    }

    /** Run {@code i}'s cost of stage k (and of model k), in picodollars. */
    private static long[] picos(int i) {
        return new long[] {16_497_000_000L + i % 997 * 1_000_000L, 776_400_000L, 1_349_000_000L};
    }

    private static BigDecimal run(JsonGenerator g, int i, Instant started) throws IOException {
        long[] picos = picos(i);
        long sum = picos[0] + picos[1] + picos[2];
        BigDecimal cost = BigDecimal.valueOf(sum, 12).stripTrailingZeros();
        g.writeStartObject();
        g.writeStringField("run_id", String.format(Locale.ROOT, "run-%06d", i));
        g.writeStringField("workflow", "IncubatorPipeline");
        g.writeStringField("started_at", started.toString());
        g.writeStringField("ended_at", started.plusMillis(2977).toString());
        g.writeStringField("status", "completed");
        g.writeNumberField("budget_usd", BigDecimal.valueOf(5));
        g.writeNumberField("total_cost_usd", cost);
        g.writeFieldName("totals");
        figures(g, 7, cost);
        for (String group : new String[] {"stages", "models", "providers", "operations"}) {
            g.writeObjectFieldStart(group);
            for (int k = 0; k < 3; k++) {
                g.writeFieldName(group.equals("models") ? MODELS[k] : group.equals("providers") ? "provider-" + k
                        : group.equals("operations") ? "Op" + k + ".call" : STAGES[k]);
                figures(g, k + 1, BigDecimal.valueOf(picos[k], 12).stripTrailingZeros());
            }
            g.writeEndObject();
        }
        g.writeObjectFieldStart("unpriced_models");
        g.writeEndObject();
        g.writeNumberField("unmetered_calls", 0);
        g.writeArrayFieldStart("warnings");
        g.writeEndArray();
        g.writeObjectFieldStart("costs");
        for (int k = 0; k < 3; k++) {
            g.writeNumberField(STAGES[k], BigDecimal.valueOf(picos[k], 12).stripTrailingZeros());
        }
        g.writeEndObject();
        g.writeEndObject();
        return cost;
    }

    private static void figures(JsonGenerator g, long calls, BigDecimal cost) throws IOException {
        g.writeStartObject();
        g.writeNumberField("calls", calls);
        g.writeNumberField("input_tokens", 1635);
        g.writeNumberField("output_tokens", 1303);
        g.writeNumberField("cache_read_tokens", 2584);
        g.writeNumberField("cache_write_tokens", 2628);
        g.writeNumberField("cost_usd", cost);
        g.writeEndObject();
    }
}
