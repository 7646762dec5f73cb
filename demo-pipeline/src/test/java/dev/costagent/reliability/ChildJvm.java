package dev.costagent.reliability;

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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A separate JVM running {@link ReliabilityProgram} (or another main class) under
 * {@code -javaagent:agent/target/cost-agent.jar}. Its standard output and error are collected as they come, so a
 * test can await a line instead of sleeping, and it is always killed by {@link #close} if still running.
 */
final class ChildJvm implements AutoCloseable {

    static final Path AGENT_JAR = Path.of("..", "agent", "target", "cost-agent.jar").toAbsolutePath().normalize();

    final Process process;
    private final StringBuffer stdout = new StringBuffer();
    private final StringBuffer stderr = new StringBuffer();
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Thread[] readers;

    private ChildJvm(Process process) {
        this.process = process;
        this.readers = new Thread[] {collect(process.getInputStream(), stdout, true),
            collect(process.getErrorStream(), stderr, false)};
    }

    /** A JVM builder: the agent first, then the options, then the main class and its arguments. */
    static final class Builder {
        private final List<String> agents = new ArrayList<>();
        private final List<String> options = new ArrayList<>();
        private final Map<String, String> env = new java.util.HashMap<>();
        private String mainClass = ReliabilityProgram.class.getName();
        private Path workDir;

        Builder(Path workDir) {
            this.workDir = workDir;
            agents.add("-javaagent:" + AGENT_JAR);
        }

        Builder agents(String... javaagentOptions) {
            agents.clear();
            agents.addAll(List.of(javaagentOptions));
            return this;
        }

        Builder options(String... jvmOptions) {
            options.addAll(List.of(jvmOptions));
            return this;
        }

        Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        Builder main(String className) {
            mainClass = className;
            return this;
        }

        ChildJvm start(String... args) throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(agents);
            // Short-lived JVMs: the quick compiler only, so that many starting at once on two cores stay fast.
            cmd.add("-XX:TieredStopAtLevel=1");
            cmd.addAll(options);
            cmd.addAll(List.of("-cp", classPath(), mainClass));
            cmd.addAll(List.of(args));
            Files.createDirectories(workDir);
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("COSTAGENT_"));
            pb.environment().putAll(env);
            return new ChildJvm(pb.start());
        }
    }

    static Builder in(Path workDir) {
        return new Builder(workDir);
    }

    /** The test classes and the annotations: all the program needs; the agent comes through -javaagent only. */
    static String classPath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(cp.split(File.pathSeparator))
                .filter(e -> !e.isBlank() && !e.replace('\\', '/').contains("/agent/target/"))
                .filter(e -> e.replace('\\', '/').endsWith("/test-classes") || e.contains("annotations"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private Thread collect(InputStream in, StringBuffer into, boolean watchReady) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    into.append(line).append('\n');
                    if (watchReady && line.equals("READY")) {
                        ready.countDown();
                    }
                }
            } catch (IOException e) {
                into.append("<output broken: ").append(e).append(">\n");
            }
        }, "child-output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    long pid() {
        return process.pid();
    }

    /** Waits for the program's {@code READY}. */
    void awaitReady() throws InterruptedException {
        if (!ready.await(60, TimeUnit.SECONDS)) {
            throw new AssertionError("the program never said READY:\n" + all());
        }
    }

    /** Lets a waiting program go on. */
    void proceed() throws IOException {
        OutputStream in = process.getOutputStream();
        in.write('\n');
        in.flush();
    }

    /** Sends a signal ({@code TERM}, {@code INT}) as {@code kill -s} does. */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(pid())).inheritIO().start();
        if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -s " + name + " " + pid() + " failed");
        }
    }

    /** Whether the program ignores the signal (inherited from a parent started with it ignored, like nohup). */
    boolean ignores(int signal) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16) & (1L << (signal - 1))) != 0;
            }
        }
        return false;
    }

    /** Waits for the JVM to end and for its output to be read; returns its exit status. */
    int exit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the program did not end:\n" + all());
        }
        for (Thread t : readers) {
            t.join(10_000);
        }
        return process.exitValue();
    }

    int exit() throws InterruptedException {
        return exit(Duration.ofSeconds(90));
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
