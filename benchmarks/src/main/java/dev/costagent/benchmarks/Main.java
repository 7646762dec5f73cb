package dev.costagent.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * {@code java -jar benchmarks/target/benchmarks.jar [JMH options] [regexp]}, from the repository root: runs the
 * benchmarks with JMH (every JMH option works, e.g. {@code -prof gc}, {@code -f 1}), then prints the figures the
 * targets are stated in: median agent-minus-no-agent per tracked call and per stage, and the recording
 * throughput ratios. Listing and help options go straight to JMH.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        for (String a : args) {
            if (a.equals("-h") || a.equals("-l") || a.equals("-lp") || a.equals("-lprof") || a.equals("-lrf")
                   ) {
                org.openjdk.jmh.Main.main(args);
                return;
            }
        }
        if (!Files.isRegularFile(Path.of(AgentForks.AGENT_JAR))) {
            System.err.println("benchmarks: " + AgentForks.AGENT_JAR + " not found; run from the repository root after"
                    + " `mvn -B -q package -DskipTests`");
            System.exit(2);
        }
        Options options = new OptionsBuilder().parent(new CommandLineOptions(args))
                .addProfiler(CpuTimeProfiler.class)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        System.out.println();
        System.out.print(summary(results));
    }

    /**
     * The target figures, from the medians of the measured iterations (all forks pooled): wall time, the metric
     * the targets are stated in, and process CPU time per operation, which other load on the machine barely moves.
     */
    static String summary(Collection<RunResult> results) {
        Map<String, Double> wall = new TreeMap<>();
        Map<String, Double> cpu = new TreeMap<>();
        for (RunResult r : results) {
            String label = r.getParams().getBenchmark();
            label = label.substring(label.lastIndexOf('.', label.lastIndexOf('.') - 1) + 1);
            wall.put(label, r.getPrimaryResult().getStatistics().getPercentile(50));
            Result c = r.getSecondaryResults().get(CpuTimeProfiler.LABEL);
            if (c != null) {
                cpu.put(label, c.getStatistics().getPercentile(50));
            }
        }
        List<String> lines = new ArrayList<>();
        for (String with : wall.keySet()) {
            if (!with.startsWith("WithAgent.") && !with.startsWith("TrackedCallBenchmark$WithAgent.")) {
                continue;
            }
            String method = with.substring(with.indexOf('.') + 1);
            String without = key(wall, "WithoutAgent." + method);
            if (without != null) {
                double limit = method.equals("stage") ? 100 : 300;
                double diff = wall.get(with) - wall.get(without);
                lines.add(String.format(Locale.ROOT, "  %-22s wall %9.1f - %9.1f = %8.1f ns%s   target <= %.0f ns: %s",
                        method, wall.get(with), wall.get(without), diff, cpuDiff(cpu, with, without), limit,
                        diff <= limit ? "met" : "MISSED"));
            }
        }
        String info = key(wall, "stageWithInfoLine");
        String quiet = key(wall, "WithoutAgent.stage");
        if (info != null && quiet != null) {
            lines.add(String.format(Locale.ROOT, "  %-22s wall %9.1f - %9.1f = %8.1f ns%s   (log level info, the"
                    + " default: one INFO line per stage exit)", "stage, level info", wall.get(info),
                    wall.get(quiet), wall.get(info) - wall.get(quiet), cpuDiff(cpu, info, quiet)));
        }
        for (String kind : new String[] {"idle", "record", "ledger"}) {
            String one = key(wall, "RecordingBenchmark." + kind + "1");
            String two = key(wall, "RecordingBenchmark." + kind + "2");
            String four = key(wall, "RecordingBenchmark." + kind + "4");
            if (one != null && two != null) {
                double ratio = wall.get(two) / wall.get(one);
                String verdict = kind.equals("idle") ? "no shared state: the machine's own ceiling at this moment"
                        : "target 2 threads >= 1.6x: " + (ratio >= 1.6 ? "met" : "MISSED");
                lines.add(String.format(Locale.ROOT, "  %-22s 1 thread %.1f, 2 threads %.1f (%.2fx), 4 threads %s"
                        + " ops/us%s   %s", kind, wall.get(one), wall.get(two), ratio,
                        four == null ? "-" : String.format(Locale.ROOT, "%.1f (%.2fx)", wall.get(four),
                                wall.get(four) / wall.get(one)), cpuScaling(cpu, one, two), verdict));
            }
        }
        if (lines.isEmpty()) {
            lines.add("  (no agent / no-agent pair or recording result in this run)");
        }
        return "Agent overhead (medians of the measured iterations; agent minus no agent):\n"
                + String.join("\n", lines) + "\n";
    }

    private static String cpuDiff(Map<String, Double> cpu, String with, String without) {
        if (!cpu.containsKey(with) || !cpu.containsKey(without)) {
            return "";
        }
        return String.format(Locale.ROOT, " (process CPU %.1f - %.1f = %.1f ns)", cpu.get(with), cpu.get(without),
                cpu.get(with) - cpu.get(without));
    }

    /**
     * The ratio the CPU time allows: 2 threads each as fast per operation as they were on their cores' share of
     * time would give 2 x cpu(1) / cpu(2). Shows contention apart from the cores other processes took.
     */
    private static String cpuScaling(Map<String, Double> cpu, String one, String two) {
        if (!cpu.containsKey(one) || !cpu.containsKey(two)) {
            return "";
        }
        return String.format(Locale.ROOT, " (CPU per op %.1f / %.1f ns: %.2fx if both cores were free)",
                cpu.get(one), cpu.get(two), 2 * cpu.get(one) / cpu.get(two));
    }

    private static String key(Map<String, Double> m, String suffix) {
        for (String k : m.keySet()) {
            if (k.endsWith(suffix)) {
                return k;
            }
        }
        return null;
    }
}
