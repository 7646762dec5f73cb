package dev.costagent.testing;

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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A program in a JVM of its own, as the end-to-end tests start them (usually under
 * {@code -javaagent:agent/target/cost-agent.jar}). Its standard output and error are collected as they come, so that a
 * test awaits a line instead of sleeping, and {@link #close} kills it if it still runs. The test families build
 * their command lines in their own subclasses; this is what they share.
 */
public class ForkedJvm implements AutoCloseable {

    public static final Path AGENT_JAR =
            Path.of("..", "agent", "target", "cost-agent.jar").toAbsolutePath().normalize();

    private final Process process;
    private final StringBuffer stdout = new StringBuffer();
    private final StringBuffer stderr = new StringBuffer();
    private final Thread[] readers;

    protected ForkedJvm(ProcessBuilder started) throws IOException {
        this.process = started.start();
        this.readers = new Thread[] {collect(process.getInputStream(), stdout), collect(process.getErrorStream(), stderr)};
    }

    /** This JVM's {@code java}. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * {@code java AGENTS -XX:TieredStopAtLevel=1 OPTIONS -cp CLASS_PATH MAIN ARGS}: a test program's command line.
     * Short-lived JVMs, several at once on two cores: the quick compiler only keeps them fast.
     */
    public static List<String> programCommand(List<String> agents, List<String> options, String classPath,
                                              String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.addAll(agents);
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.addAll(options);
        cmd.addAll(List.of("-cp", classPath, mainClass));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * {@code command} to run in {@code dir} (created), its environment without the test's own agent settings
     * ({@code COSTAGENT_*}, {@code OTEL_*}) and with {@code env}.
     */
    public static ProcessBuilder in(Path dir, List<String> command, Map<String, String> env) throws IOException {
        Files.createDirectories(dir);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("COSTAGENT_") || k.startsWith("OTEL_"));
        pb.environment().putAll(env);
        return pb;
    }

    /** The test classes and the annotations: all a test program needs; the agent comes through -javaagent only. */
    public static String testClassPath() {
        return classPath(e -> e.endsWith("/test-classes") || e.contains("annotations"));
    }

    /** The test's whole class path but the agent's own module (and whatever else {@code keep} refuses). */
    public static String classPath(Predicate<String> keep) {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(cp.split(File.pathSeparator))
                .map(e -> e.replace('\\', '/'))
                .filter(e -> !e.isBlank() && !e.contains("/agent/target/"))
                .filter(keep)
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
            synchronized (into) {
                into.notifyAll();
            }
        }, "forked-jvm-output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    public final Process process() {
        return process;
    }

    public final long pid() {
        return process.pid();
    }

    /** Waits (at most 60 s) until a line of standard output equals {@code line}. */
    public final void awaitLine(String line) throws InterruptedException {
        awaitStdout(line::equals, line);
    }

    /** Waits (at most 60 s) for a line of standard output that starts with {@code prefix}. */
    public final void awaitLineStartingWith(String prefix) throws InterruptedException {
        awaitStdout(l -> l.startsWith(prefix), prefix + "...");
    }

    private void awaitStdout(Predicate<String> wanted, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        synchronized (stdout) {
            while (stdout.toString().lines().noneMatch(wanted)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive() && !readers[0].isAlive()) {
                    throw new AssertionError("the program never printed '" + what + "':\n" + all());
                }
                stdout.wait(Math.max(1, Math.min(200, TimeUnit.NANOSECONDS.toMillis(left))));
            }
        }
    }

    /** Writes a line to the program's standard input (the programs wait for one where the test acts). */
    public final void proceed() throws IOException {
        OutputStream in = process.getOutputStream();
        in.write('\n');
        in.flush();
    }

    /** Sends a signal ({@code TERM}, {@code INT}) as {@code kill -s} does. */
    public final void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(pid())).inheritIO().start();
        if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -s " + name + " " + pid() + " failed");
        }
    }

    /** Waits for the JVM to end and for its output to be read; returns its exit status. */
    public final int exit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the program did not end within " + timeout + ":\n" + all());
        }
        for (Thread t : readers) {
            t.join(10_000);
        }
        return process.exitValue();
    }

    public final String stdout() {
        return stdout.toString();
    }

    public final String stderr() {
        return stderr.toString();
    }

    /** The agent's lines on standard error that contain {@code text}. */
    public final List<String> agentLines(String text) {
        return stderr().lines().filter(l -> l.startsWith("[cost-agent]") && l.contains(text)).toList();
    }

    /** Both outputs, for an assertion's message. */
    public final String all() {
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
