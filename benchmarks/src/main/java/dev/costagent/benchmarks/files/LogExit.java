package dev.costagent.benchmarks.files;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Issue 16's bar: a run's exit must not cost more as the history grows. Runs the small annotated program
 * ({@code HelloPipeline}: one stage, one call) with the agent on output folders that already hold 0, 10,000,
 * 200,000 and 1,000,000 past runs ({@link PastRuns#steadyState}: the latest 10,000 in the log, the rest archived),
 * in paired rounds: every round runs each folder once, in a rotating order, and each folder's time is compared
 * with the 0-run folder's of the same round, which cancels most of the machine's drift. Prints the median and
 * quartiles of those differences, each run's CPU time and peak memory (maximum resident set, from
 * {@code /usr/bin/time}). One more folder holds a log exactly full, restored before each of its runs, so that every
 * one of its exits also moves a hundredth of the log to the archive (the others do that once in a hundred exits).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.costagent.benchmarks.files.LogExit [rounds] [past runs...]
 * java -cp benchmarks/target/benchmarks.jar dev.costagent.benchmarks.files.LogExit --migration [runs]</pre>
 *
 * A first, uncounted round lets each folder's first write make its index, as the first run after an upgrade does.
 * {@code --migration} times instead that first run on an older version's log of that many runs (default 200,000),
 * which moves all but the latest 10,000 to the archive once. Run it from the repository root after
 * {@code mvn -B -q package -DskipTests}; making the 1,000,000-run folder takes about half a minute.
 */
public final class LogExit {

    private static final int KEEP = 10_000;

    private LogExit() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of("").toAbsolutePath();
        Program program = new Program(root);
        Path work = Files.createTempDirectory("log-exit");
        try {
            if (args.length > 0 && args[0].equals("--migration")) {
                migration(program, work, args.length > 1 ? Integer.parseInt(args[1]) : 200_000);
            } else {
                int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 11;
                long[] sizes = args.length > 1
                        ? Arrays.stream(args, 1, args.length).mapToLong(Long::parseLong).toArray()
                        : new long[] {0, 10_000, 200_000, 1_000_000};
                paired(program, work, rounds, sizes);
            }
        } finally {
            delete(work);
        }
    }

    private static void paired(Program program, Path work, int rounds, long[] sizes) throws Exception {
        List<Path> folders = new ArrayList<>();
        for (long size : sizes) {
            Path f = work.resolve("past-" + size);
            long t = System.nanoTime();
            PastRuns.steadyState(f, size, KEEP);
            folders.add(f);
            System.out.printf(Locale.ROOT, "folder with %,d past runs made in %.1f s (%s)%n", size,
                    (System.nanoTime() - t) / 1e9, describe(f));
        }
        // A log exactly full, restored before each of its runs: every one of them moves the oldest hundredth of
        // the log to the archive, which the others do once in a hundred exits.
        Path full = work.resolve("full");
        Path fullTemplate = work.resolve("full-template");
        PastRuns.steadyState(fullTemplate, KEEP + 200_000L, KEEP);
        program.run(fullTemplate);   // its index, and 10,001 runs: the first move is done here
        for (int i = 0; i < KEEP / 100 - 1; i++) {
            program.run(fullTemplate);
        }
        System.out.printf(Locale.ROOT, "a full log: %s%n", describe(fullTemplate));
        folders.add(full);
        sizes = Arrays.copyOf(sizes, sizes.length + 1);
        sizes[sizes.length - 1] = -1;
        int zero = indexOf(sizes, 0);
        long[][] wall = new long[sizes.length][rounds];
        long[][] rss = new long[sizes.length][rounds];
        long[][] cpu = new long[sizes.length][rounds];
        for (int round = -1; round < rounds; round++) {
            for (int j = 0; j < sizes.length; j++) {
                int k = (j + Math.max(round, 0)) % sizes.length;
                if (sizes[k] == 0) {
                    clear(folders.get(k));
                } else if (sizes[k] < 0) {
                    clear(full);
                    copy(fullTemplate, full);
                }
                Program.Result r = program.run(folders.get(k));
                if (round >= 0) {
                    wall[k][round] = r.wallNanos();
                    rss[k][round] = r.maxRssKb();
                    cpu[k][round] = r.cpuMillis();
                }
            }
        }
        System.out.println("exit of a one-call run, whole process (launch to exit), paired against 0 past runs:");
        for (int k = 0; k < sizes.length; k++) {
            long[] diff = new long[rounds];
            long[] cpuDiff = new long[rounds];
            for (int round = 0; round < rounds; round++) {
                diff[round] = zero < 0 ? 0 : wall[k][round] - wall[zero][round];
                cpuDiff[round] = zero < 0 ? 0 : cpu[k][round] - cpu[zero][round];
            }
            System.out.printf(Locale.ROOT, "  %s: median %6.1f ms; paired difference median %+6.1f ms "
                            + "(quartiles %+.1f to %+.1f); CPU median %d ms, paired %+d ms; peak RSS median %,d kB "
                            + "(max %,d kB); %d rounds%n",
                    label(sizes[k]), median(wall[k]) / 1e6, median(diff) / 1e6, quartile(diff, 1) / 1e6,
                    quartile(diff, 3) / 1e6, median(cpu[k]), median(cpuDiff), median(rss[k]),
                    Arrays.stream(rss[k]).max().orElse(0), rounds);
        }
        for (int k = 0; k < sizes.length; k++) {
            System.out.printf(Locale.ROOT, "  %s, after the rounds: %s%n", label(sizes[k]).trim(),
                    describe(folders.get(k)));
        }
    }

    private static void migration(Program program, Path work, int runs) throws Exception {
        Path empty = Files.createDirectories(work.resolve("empty"));
        Path old = work.resolve("old");
        PastRuns.oldLog(old.resolve("cost_log.json"), runs);
        System.out.printf(Locale.ROOT, "an older version's log of %,d runs: %s%n", runs, describe(old));
        program.run(empty);
        clear(empty);
        Program.Result base = program.run(empty);
        Program.Result first = program.run(old);
        Program.Result next = program.run(old);
        System.out.printf(Locale.ROOT, "one-call run on an empty folder %.0f ms; the first run on the old log "
                        + "(migrating it) %.0f ms, peak RSS %,d kB; the run after it %.0f ms%n", base.wallNanos() / 1e6,
                first.wallNanos() / 1e6, first.maxRssKb(), next.wallNanos() / 1e6);
        System.out.printf(Locale.ROOT, "after: %s%n", describe(old));
    }

    /** The small program with the agent, as {@code benchmarks/startup.sh} runs it. */
    private static final class Program {
        private final List<String> command;
        private final boolean timed;

        /** @param cpuMillis user and system time of the whole process, all threads */
        record Result(long wallNanos, long maxRssKb, long cpuMillis) {
        }

        Program(Path root) throws IOException {
            Path agent = root.resolve("agent/target/cost-agent.jar");
            Path classes = root.resolve("benchmarks/target/classes");
            Path annotations;
            try (Stream<Path> s = Files.list(root.resolve("annotations/target"))) {
                annotations = s.filter(p -> p.getFileName().toString().matches("cost-agent-annotations-.*\\.jar")
                        && !p.getFileName().toString().contains("sources")).findFirst().orElse(null);
            }
            if (!Files.isRegularFile(agent) || annotations == null || !Files.isDirectory(classes)) {
                throw new IllegalStateException("run from the repository root after mvn -B -q package -DskipTests: "
                        + agent + ", " + classes + " or the annotations jar is missing");
            }
            timed = new File("/usr/bin/time").canExecute();
            command = new ArrayList<>();
            if (timed) {
                command.addAll(List.of("/usr/bin/time", "-f", "MAXRSS %M CPU %U %S"));
            }
            command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-javaagent:" + agent, "-Dcostagent.log=warn",
                    "-cp", classes + File.pathSeparator + annotations,
                    "dev.costagent.benchmarks.startup.HelloPipeline"));
        }

        Result run(Path out) throws IOException, InterruptedException {
            List<String> cmd = new ArrayList<>(command);
            cmd.add(cmd.indexOf("-Dcostagent.log=warn"), "-Dcostagent.out=" + out);
            long t = System.nanoTime();
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = p.waitFor();
            long wall = System.nanoTime() - t;
            if (status != 0 || output.contains("WARN")) {
                throw new IllegalStateException("the program failed or warned (" + status + "):\n" + output);
            }
            long rss = 0;
            long cpu = 0;
            for (String line : output.split("\n")) {
                if (line.startsWith("MAXRSS ")) {
                    String[] f = line.split(" ");
                    rss = Long.parseLong(f[1]);
                    cpu = Math.round((Double.parseDouble(f[3]) + Double.parseDouble(f[4])) * 1000);
                }
            }
            return new Result(wall, rss, cpu);
        }
    }

    private static String label(long size) {
        return size < 0 ? "   full log, moving runs" : String.format(Locale.ROOT, "%,9d past runs", size);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    // The modification time to the nanosecond, as the index noted it: a copy that changes it (as
                    // COPY_ATTRIBUTES does, to the microsecond) makes the agent read each archive through once.
                    Files.copy(p, target);
                    Files.setLastModifiedTime(target, Files.getLastModifiedTime(p));
                }
            }
        }
    }

    private static String describe(Path folder) throws IOException {
        Path log = folder.resolve("cost_log.json");
        Path archive = folder.resolve("cost_log.archive");
        long archives = 0;
        long archiveBytes = 0;
        if (Files.isDirectory(archive)) {
            try (Stream<Path> s = Files.list(archive)) {
                for (Path p : s.toList()) {
                    archives++;
                    archiveBytes += Files.size(p);
                }
            }
        }
        return String.format(Locale.ROOT, "cost_log.json %,d bytes, %d archive files, %,d bytes",
                Files.exists(log) ? Files.size(log) : 0, archives, archiveBytes);
    }

    private static void clear(Path folder) throws IOException {
        delete(folder);
        Files.createDirectories(folder);
    }

    private static void delete(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    private static int indexOf(long[] sizes, long size) {
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] == size) {
                return i;
            }
        }
        return -1;
    }

    private static long median(long[] v) {
        return quartile(v, 2);
    }

    private static long quartile(long[] v, int q) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s.length == 0 ? 0 : s[Math.min(s.length - 1, s.length * q / 4)];
    }
}
