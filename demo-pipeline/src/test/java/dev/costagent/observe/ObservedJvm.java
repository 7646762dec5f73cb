package dev.costagent.observe;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A program in its own JVM under {@code -javaagent:agent/target/cost-agent.jar} (and, for the both-agents test, the
 * OpenTelemetry agent first), as in {@code reliability.ChildJvm}: its output is collected as it comes, so a test
 * awaits a line instead of sleeping, and {@link #close} kills it if it still runs.
 */
final class ObservedJvm implements AutoCloseable {

    static final Path AGENT_JAR = Path.of("..", "agent", "target", "cost-agent.jar").toAbsolutePath().normalize();

    private final Process process;
    private final StringBuffer stdout = new StringBuffer();
    private final StringBuffer stderr = new StringBuffer();
    private final Thread[] readers;

    private ObservedJvm(Process process) {
        this.process = process;
        this.readers = new Thread[] {collect(process.getInputStream(), stdout), collect(process.getErrorStream(), stderr)};
    }

    /**
     * Starts {@code mainClass} with the test class path (the agent's module left out: it comes in by -javaagent).
     *
     * @param before JVM options before cost-agent's {@code -javaagent} (another agent)
     * @param options JVM options after it ({@code -Dcostagent.*})
     */
    static ObservedJvm start(Path workDir, List<String> before, List<String> options, String mainClass,
                             String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(before);
        cmd.add("-javaagent:" + AGENT_JAR);
        // Short-lived JVMs: the quick compiler only, so that several at once on two cores stay fast.
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.addAll(options);
        cmd.addAll(List.of("-cp", classPath(), mainClass));
        cmd.addAll(List.of(args));
        Files.createDirectories(workDir);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("COSTAGENT_") || k.startsWith("OTEL_"));
        return new ObservedJvm(pb.start());
    }

    static String classPath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(cp.split(File.pathSeparator))
                .filter(e -> !e.isBlank() && !e.replace('\\', '/').contains("/agent/target/")
                        && !e.replace('\\', '/').contains("/otel-extension/target/"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static Thread collect(InputStream in, StringBuffer into) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (into) {
                        into.append(line).append('\n');
                        into.notifyAll();
                    }
                }
            } catch (IOException e) {
                into.append("<output broken: ").append(e).append(">\n");
            }
        }, "observed-output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Waits until a line of standard output equals {@code line}. */
    void awaitLine(String line) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        synchronized (stdout) {
            while (!stdout.toString().lines().anyMatch(line::equals)) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0 || !process.isAlive() && !stdout.toString().lines().anyMatch(line::equals)
                        && readers[0].getState() == Thread.State.TERMINATED) {
                    throw new AssertionError("the program never printed " + line + ":\n" + all());
                }
                stdout.wait(Math.min(left, 200));
            }
        }
    }

    /** Writes a line to the program's standard input (the programs wait for one where the test acts). */
    void proceed() throws IOException {
        OutputStream in = process.getOutputStream();
        in.write('\n');
        in.flush();
    }

    /** Sends a signal ({@code TERM}) as {@code kill -s} does. */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -s " + name + " " + process.pid() + " failed");
        }
    }

    /** Waits for the JVM to end and its output to be read; its exit status. */
    int exit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the program did not end within " + timeout + ":\n" + all());
        }
        for (Thread t : readers) {
            t.join(10_000);
        }
        return process.exitValue();
    }

    String stdout() {
        return stdout.toString();
    }

    String stderr() {
        return stderr.toString();
    }

    /** The agent's lines on standard error that contain {@code text}. */
    List<String> agentLines(String text) {
        return stderr().lines().filter(l -> l.startsWith("[cost-agent]") && l.contains(text)).toList();
    }

    String all() {
        return "--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
