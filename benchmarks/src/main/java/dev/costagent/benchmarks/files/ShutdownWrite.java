package dev.costagent.benchmarks.files;

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
import dev.costagent.agent.report.history.CostLogStore;
import dev.costagent.agent.stage.StageFrame;
import dev.costagent.agent.stage.StageTracker;
import dev.costagent.agent.value.ResponseUsage;
import dev.costagent.agent.value.TokenCounts;
import java.io.IOException;
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
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.costagent.benchmarks.files.ShutdownWrite [runs] [warm repeats] [--parsed]
 * java -cp benchmarks/target/benchmarks.jar dev.costagent.benchmarks.files.ShutdownWrite --log FILE [runs] [--parsed]</pre>
 *
 * The first write is timed in a fresh JVM, as at a real shutdown (the seed log is written by a child JVM, so
 * nothing here is warm): the writing code loads and runs cold then. The seed is a log of this version with the index
 * its last write left, which is what an exit finds; with {@code --parsed} it has no index, as on the first run after
 * an upgrade or a change by hand, and the write parses the whole log. The warm repeats show what the work itself
 * costs once loaded. The cold write's CPU time on its own thread is printed too: it leaves out the JIT compiler's
 * and the file system's time, but not much else, and unlike the wall time it does not grow with the load of other
 * processes on the machine. {@code --log} only makes such a folder.
 */
public final class ShutdownWrite {

    private static final String[] STAGES = {"ideas", "critique", "rank"};
    private static final String[] MODELS = {"claude-sonnet-4-5", "gpt-4o-mini", "claude-haiku-4-5"};

    private ShutdownWrite() {
    }

    public static void main(String[] args) throws Exception {
        List<String> a = new ArrayList<>(List.of(args));
        boolean parsed = a.remove("--parsed");
        if (!a.isEmpty() && a.get(0).equals("--log")) {
            writeLog(Path.of(a.get(1)), a.size() > 2 ? Integer.parseInt(a.get(2)) : 10_000, parsed);
            return;
        }
        int runs = !a.isEmpty() ? Integer.parseInt(a.get(0)) : 10_000;
        int repeats = a.size() > 1 ? Integer.parseInt(a.get(1)) : 20;
        Path dir = Files.createTempDirectory("shutdown-write");
        Path log = dir.resolve(RunReporter.LOG_FILE);
        // The seed log is written by a child JVM: written here, it would load and warm Jackson and the JIT before
        // the timed write, which a real shutdown does not get.
        List<String> seedCommand = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), ShutdownWrite.class.getName(), "--log",
                log.toString(), Integer.toString(runs)));
        if (parsed) {
            seedCommand.add("--parsed");
        }
        Process seed = new ProcessBuilder(seedCommand).inheritIO().start();
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
        System.out.printf(Locale.ROOT, "cost_log.json of %,d runs (%,d bytes%s): first write at shutdown (cold JVM)"
                        + " %.1f ms (%.1f ms CPU of the writing thread); warm writes median %.1f ms (min %.1f, max %.1f,"
                        + " %d writes); log now %,d bytes%n",
                runs, logBytes, parsed ? ", no index: parsed" : ", as this version left it", cold / 1e6, coldCpu / 1e6, warm.isEmpty() ? 0 : warm.get(warm.size() / 2) / 1e6,
                warm.isEmpty() ? 0 : warm.get(0) / 1e6, warm.isEmpty() ? 0 : warm.get(warm.size() - 1) / 1e6,
                warm.size(), Files.size(log));
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /**
     * A folder whose log holds {@code runs} runs of this version ({@link PastRuns#steadyState}), and, unless
     * {@code parsed}, the index that the last run's write left: the state a folder is in at a usual exit.
     */
    public static void writeLog(Path file, int runs, boolean parsed) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        PastRuns.steadyState(dir, runs, CostLogStore.DEFAULT_KEEP);
        if (!parsed) {
            AgentLog.level("warn");
            CostLedger ledger = new CostLedger();
            ledger.recordCost(new CostLedger.Key("ideas", "external", "external", "Seed.call", true), 1);
            Faults faults = new Faults(AgentLog.get(Faults.class));
            RunEvents events = new RunEvents(faults);
            Warnings warnings = new Warnings(AgentLog.get(Warnings.class), events);
            BudgetGuard guard = new BudgetGuard(null, ledger, new StageTracker(), events, Clock.systemUTC(),
                    AgentLog.get(BudgetGuard.class));
            new CostLogStore(file, CostLogStore.DEFAULT_KEEP, AgentLog.get(CostLogStore.class)).write(
                    new RunSnapshots("20261122T115959Z-seed00", () -> "IncubatorPipeline", Instant.now(),
                            Clock.systemUTC(), ledger, guard, warnings, faults).get());
        }
    }
}
