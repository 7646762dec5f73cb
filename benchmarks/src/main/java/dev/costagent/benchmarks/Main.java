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
 * {@code java -jar benchmarks/target/benchmarks.jar [--rounds N] [JMH options] [regexp]}, from the repository root:
 * runs the benchmarks with JMH (every JMH option works, e.g. {@code -prof gc}, {@code -f 1}), then prints the
 * figures the targets are stated in: median agent-minus-no-agent per tracked call and per stage, and the recording
 * throughput ratios. Listing and help options go straight to JMH.
 *
 * <p>{@code --rounds N}: for the agent/no-agent pairs, runs N rounds instead of one JMH run, each round one fork of
 * every selected "with agent" benchmark and one of every "without agent" one, the two in alternating order. The
 * figure is then the median over the rounds of each round's difference. On a shared machine whose speed drifts by
 * tens of percent over minutes, JMH's own order (every fork of one variant, then every fork of the other) puts the
 * drift into the difference; pairing forks that ran a minute apart keeps it out.
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
        int rounds = 0;
        List<String> jmhArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--rounds") && i + 1 < args.length) {
                rounds = Integer.parseInt(args[++i]);
            } else {
                jmhArgs.add(args[i]);
            }
        }
        if (rounds > 0) {
            // JMH unites a parent's includes with a child's, so the rounds take the regexps out of the options.
            List<String> regexps = new ArrayList<>();
            List<String> rest = new ArrayList<>();
            for (int i = 0; i < jmhArgs.size(); i++) {
                String a = jmhArgs.get(i);
                if (!a.startsWith("-")) {
                    regexps.add(a);
                } else {
                    rest.add(a);
                    if (i + 1 < jmhArgs.size()) {
                        rest.add(jmhArgs.get(++i)); // every JMH option but the listing ones above takes a value
                    }
                }
            }
            System.out.print(rounds(new CommandLineOptions(rest.toArray(new String[0])), regexps, rounds));
            return;
        }
        CommandLineOptions command = new CommandLineOptions(jmhArgs.toArray(new String[0]));
        Options options = new OptionsBuilder().parent(command)
                .addProfiler(CpuTimeProfiler.class)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        System.out.println();
        System.out.print(summary(results));
    }

    /** {@code --rounds}: see the class comment. Returns the summary. */
    static String rounds(CommandLineOptions command, List<String> regexps, int rounds) throws Exception {
        List<String> user = regexps.isEmpty() ? List.of(".*") : regexps;
        String selected = "(?:" + String.join("|", user) + ")";
        Map<String, List<Double>> differences = new TreeMap<>();
        Map<String, List<Double>> cpuDifferences = new TreeMap<>();
        for (int r = 0; r < rounds; r++) {
            Map<String, Double> wall = new TreeMap<>();
            Map<String, Double> cpu = new TreeMap<>();
            String[] order = r % 2 == 0 ? new String[] {"WithAgent", "WithoutAgent"}
                    : new String[] {"WithoutAgent", "WithAgent"};
            for (String variant : order) {
                Options options = new OptionsBuilder().parent(command)
                        .include("^(?=.*\\." + variant + "\\.)(?=.*" + selected + ")")
                        .forks(1)
                        .addProfiler(CpuTimeProfiler.class)
                        .build();
                medians(new Runner(options).run(), wall, cpu);
            }
            for (String with : wall.keySet()) {
                if (with.startsWith("WithAgent.")) {
                    String without = "WithoutAgent." + with.substring("WithAgent.".length());
                    if (wall.containsKey(without)) {
                        String method = without.substring("WithoutAgent.".length());
                        differences.computeIfAbsent(method, k -> new ArrayList<>())
                                .add(wall.get(with) - wall.get(without));
                        if (cpu.containsKey(with) && cpu.containsKey(without)) {
                            cpuDifferences.computeIfAbsent(method, k -> new ArrayList<>())
                                    .add(cpu.get(with) - cpu.get(without));
                        }
                    }
                }
            }
        }
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, List<Double>> e : differences.entrySet()) {
            String method = e.getKey();
            List<Double> d = e.getValue();
            double limit = target(method);
            double median = median(d);
            List<Double> c = cpuDifferences.get(method);
            lines.add(String.format(Locale.ROOT, "  %-22s median %8.1f ns over %d rounds (each round: %s)%s   target"
                    + " <= %.0f ns: %s", method, median, d.size(), rounded(d),
                    c == null ? "" : String.format(Locale.ROOT, "; process CPU median %.1f ns", median(c)), limit,
                    median <= limit ? "met" : "MISSED"));
        }
        if (lines.isEmpty()) {
            lines.add("  (no agent / no-agent pair selected)");
        }
        return "\nAgent overhead (per round: median iteration with the agent minus median without; rounds alternate"
                + " which runs first):\n" + String.join("\n", lines) + "\n";
    }

    /** Each result's median iteration, wall time and (when profiled) process CPU time, by benchmark label. */
    private static void medians(Collection<RunResult> results, Map<String, Double> wall, Map<String, Double> cpu) {
        for (RunResult r : results) {
            String label = label(r);
            wall.put(label, r.getPrimaryResult().getStatistics().getPercentile(50));
            Result c = r.getSecondaryResults().get(CpuTimeProfiler.LABEL);
            if (c != null) {
                cpu.put(label, c.getStatistics().getPercentile(50));
            }
        }
    }

    /** The target for a benchmark method, in nanoseconds: 100 for a stage, 300 for a tracked call. */
    private static double target(String method) {
        return method.equals("stage") ? 100 : 300;
    }

    private static String label(RunResult r) {
        String label = r.getParams().getBenchmark();
        return label.substring(label.lastIndexOf('.', label.lastIndexOf('.') - 1) + 1);
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String rounded(List<Double> values) {
        List<String> out = new ArrayList<>();
        for (double v : values) {
            out.add(String.format(Locale.ROOT, "%.0f", v));
        }
        return String.join(", ", out);
    }

    /**
     * The target figures, from the medians of the measured iterations (all forks pooled): wall time, the metric
     * the targets are stated in, and process CPU time per operation, which other load on the machine barely moves.
     */
    static String summary(Collection<RunResult> results) {
        Map<String, Double> wall = new TreeMap<>();
        Map<String, Double> cpu = new TreeMap<>();
        medians(results, wall, cpu);
        List<String> lines = new ArrayList<>();
        for (String with : wall.keySet()) {
            if (!with.startsWith("WithAgent.") && !with.startsWith("TrackedCallBenchmark$WithAgent.")) {
                continue;
            }
            String method = with.substring(with.indexOf('.') + 1);
            String without = key(wall, "WithoutAgent." + method);
            if (without != null) {
                double limit = target(method);
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
