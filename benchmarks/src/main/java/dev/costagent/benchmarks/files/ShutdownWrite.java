package dev.costagent.benchmarks.files;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.costagent.agent.budget.BudgetGuard;
import dev.costagent.agent.events.RunEvents;
import dev.costagent.agent.ledger.CostLedger;
import dev.costagent.agent.ledger.CostRecorder;
import dev.costagent.agent.ledger.Warnings;
import dev.costagent.agent.log.AgentLog;
import dev.costagent.agent.log.Faults;
import dev.costagent.agent.pricing.CatalogLoader;
import dev.costagent.agent.pricing.ModelResolver;
import dev.costagent.agent.report.RunReporter;
import dev.costagent.agent.report.RunSnapshots;
import dev.costagent.agent.stage.StageFrame;
import dev.costagent.agent.stage.StageTracker;
import dev.costagent.agent.value.ResponseUsage;
import dev.costagent.agent.value.TokenCounts;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Issue #5's file bar: the shutdown write (this run's {@code cost_report.json}, and its entry appended to a
 * {@code cost_log.json} that already holds 10,000 runs) through the agent's own {@link RunReporter}.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.costagent.benchmarks.files.ShutdownWrite [runs] [warm repeats]
 * java -cp benchmarks/target/benchmarks.jar dev.costagent.benchmarks.files.ShutdownWrite --log FILE [runs]</pre>
 *
 * The first write is timed in a fresh JVM, as at a real shutdown (the seed log is written by a child JVM, so
 * nothing here is warm): the writing code loads and runs cold then. The warm repeats show what the work itself
 * costs once loaded. The cold write's CPU time on its own thread is printed too: it leaves out the JIT compiler's
 * and the file system's time, but not much else, and unlike the wall time it does not grow with the load of other
 * processes on the machine. {@code --log} only writes a log of that many
 * runs (for {@code startup.sh}'s SEED_LOG).
 */
public final class ShutdownWrite {

    private static final String[] STAGES = {"ideas", "critique", "rank"};
    private static final String[] MODELS = {"claude-sonnet-4-5", "gpt-4o-mini", "claude-haiku-4-5"};

    private ShutdownWrite() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--log")) {
            writeLog(Path.of(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 10_000);
            return;
        }
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path dir = Files.createTempDirectory("shutdown-write");
        Path log = dir.resolve(RunReporter.LOG_FILE);
        // The seed log is written by a child JVM: written here, it would load and warm Jackson and the JIT before
        // the timed write, which a real shutdown does not get.
        Process seed = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ShutdownWrite.class.getName(), "--log", log.toString(),
                Integer.toString(runs)).inheritIO().start();
        if (seed.waitFor() != 0) {
            throw new IllegalStateException("writing the seed log failed: exit " + seed.exitValue());
        }
        long logBytes = Files.size(log);

        AgentLog.level("warn");
        CostLedger ledger = new CostLedger();
        StageTracker stages = new StageTracker();
        Faults faults = new Faults(AgentLog.get(Faults.class));
        RunEvents events = new RunEvents(faults);
        Warnings warnings = new Warnings(AgentLog.get(Warnings.class), events);
        BudgetGuard guard = new BudgetGuard(new BigDecimal("5"), ledger, stages, events, Clock.systemUTC(),
                AgentLog.get(BudgetGuard.class));
        CostRecorder recorder = new CostRecorder(new ModelResolver(CatalogLoader.loadBundled()), ledger, warnings,
                events, new BigDecimal("1.00"), new BigDecimal("10.00"));
        RunSnapshots snapshots = new RunSnapshots("20261122T120000Z-bench1", () -> "IncubatorPipeline", Instant.now(),
                Clock.systemUTC(), ledger, guard, warnings, faults);
        RunReporter reporter = new RunReporter(snapshots, dir, AgentLog.get(RunReporter.class));
        for (String stage : STAGES) {
            StageFrame frame = stages.enter(stage);
            for (String model : MODELS) {
                recorder.record(new ResponseUsage(model, null, new TokenCounts(1000, 2000, 0, 0, 300)), null,
                        "Bench." + stage, frame);
            }
            stages.exit(frame);
        }

        // The writing thread's CPU time as well: on a shared machine the wall time mostly measures the neighbours.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        reporter.write();
        long cold = System.nanoTime() - t0;
        long coldCpu = threads.getCurrentThreadCpuTime() - cpu0;

        List<Long> warm = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            // A new call, so the write is not skipped as unchanged; the run's entry is replaced, not added.
            recorder.record(new ResponseUsage(MODELS[0], null, new TokenCounts(10, 0, 0, 0, 10)), null,
                    "Bench.more", null);
            long t = System.nanoTime();
            reporter.write();
            warm.add(System.nanoTime() - t);
        }
        Collections.sort(warm);
        System.out.printf(Locale.ROOT, "cost_log.json of %,d runs (%,d bytes): first write at shutdown (cold JVM)"
                        + " %.1f ms (%.1f ms CPU of the writing thread); warm writes median %.1f ms (min %.1f, max %.1f,"
                        + " %d writes); log now %,d bytes%n",
                runs, logBytes, cold / 1e6, coldCpu / 1e6, warm.isEmpty() ? 0 : warm.get(warm.size() / 2) / 1e6,
                warm.isEmpty() ? 0 : warm.get(0) / 1e6, warm.isEmpty() ? 0 : warm.get(warm.size() - 1) / 1e6,
                warm.size(), Files.size(log));
        try (var files = Files.list(dir)) {
            files.forEach(f -> f.toFile().delete());
        }
        Files.deleteIfExists(dir);
    }

    /** A log of {@code runs} runs in SPEC section 4's shape, pretty-printed as the agent writes it. */
    public static void writeLog(Path file, int runs) throws IOException {
        long[] stagePicos = new long[STAGES.length];
        long total = 0;
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file);
             JsonGenerator g = new JsonFactory().createGenerator(out).useDefaultPrettyPrinter()) {
            g.writeStartObject();
            g.writeArrayFieldStart("runs");
            Instant start = Instant.parse("2026-01-01T00:00:00Z");
            for (int i = 0; i < runs; i++) {
                Instant s = start.plusSeconds(60L * i);
                g.writeStartObject();
                g.writeStringField("run_id", String.format(Locale.ROOT, "20260101T%06dZ-%06x", i % 240000, i));
                g.writeStringField("workflow", "IncubatorPipeline");
                g.writeStringField("started_at", s.toString());
                g.writeStringField("ended_at", s.plusMillis(2977).toString());
                g.writeStringField("status", "completed");
                g.writeNumberField("budget_usd", new BigDecimal("5"));
                long runTotal = 0;
                long[] costs = new long[STAGES.length];
                for (int k = 0; k < STAGES.length; k++) {
                    costs[k] = 776_400_000L + 1_000_000L * ((i * 7L + k * 13L) % 1000);
                    runTotal += costs[k];
                    stagePicos[k] += costs[k];
                }
                total += runTotal;
                g.writeNumberField("total_cost_usd", usd(runTotal));
                g.writeObjectFieldStart("costs");
                for (int k = 0; k < STAGES.length; k++) {
                    g.writeNumberField(STAGES[k], usd(costs[k]));
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("cumulative");
            g.writeNumberField("runs", runs);
            g.writeNumberField("total_cost_usd", usd(total));
            g.writeObjectFieldStart("stages");
            for (int k = 0; k < STAGES.length; k++) {
                g.writeNumberField(STAGES[k], usd(stagePicos[k]));
            }
            g.writeEndObject();
            g.writeObjectFieldStart("models");
            g.writeNumberField(MODELS[0], usd(total));
            g.writeEndObject();
            g.writeObjectFieldStart("workflows");
            g.writeNumberField("IncubatorPipeline", usd(total));
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndObject();
        }
    }

    private static BigDecimal usd(long picos) {
        BigDecimal d = BigDecimal.valueOf(picos, 12).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0) : d;
    }
}
