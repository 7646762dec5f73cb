package dev.costagent.fleet;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A worker JVM of a fleet test: {@link FleetProgram} (or {@code java -jar cost-agent.jar ...}) under
 * {@code -javaagent:agent/target/cost-agent.jar}, with its output collected as it comes so that a test can await
 * a line, and killed by {@link #close} if still running. (The reliability tests' {@code ChildJvm} is the model.)
 */
final class FleetJvm implements AutoCloseable {

    static final Path AGENT_JAR = Path.of("..", "agent", "target", "cost-agent.jar").toAbsolutePath().normalize();
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    final Path out;
    private final Process process;
    private final StringBuffer stdout = new StringBuffer();
    private final StringBuffer stderr = new StringBuffer();
    private final Thread[] readers;

    private FleetJvm(Path out, Process process) {
        this.out = out;
        this.process = process;
        this.readers = new Thread[] {collect(process.getInputStream(), stdout), collect(process.getErrorStream(),
                stderr)};
    }

    /**
     * Starts {@link FleetProgram} with the agent writing to {@code out}.
     *
     * @param agentOptions {@code -D} options for the agent ({@code -Dcostagent.store=...}) and the JVM
     * @param env          extra environment ({@code COSTAGENT_STORE_PASSWORD})
     */
    static FleetJvm start(Path out, List<String> agentOptions, Map<String, String> env, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.add("-javaagent:" + AGENT_JAR);
        // Short-lived JVMs, many at once on two cores: the quick compiler only.
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-Dcostagent.out=" + out);
        cmd.addAll(agentOptions);
        cmd.addAll(List.of("-cp", classPath(), FleetProgram.class.getName()));
        cmd.addAll(List.of(args));
        return launch(out, cmd, env);
    }

    /** Runs {@code java [options] -jar cost-agent.jar args}, the agent's command line. */
    static FleetJvm cli(Path workDir, List<String> options, Map<String, String> env, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.addAll(options);
        cmd.addAll(List.of("-jar", AGENT_JAR.toString()));
        cmd.addAll(List.of(args));
        return launch(workDir, cmd, env);
    }

    private static FleetJvm launch(Path dir, List<String> cmd, Map<String, String> env) throws IOException {
        Files.createDirectories(dir);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("COSTAGENT_"));
        pb.environment().putAll(env);
        return new FleetJvm(dir, pb.start());
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The test classes and the annotations: all the program needs; the agent comes through -javaagent only. */
    private static String classPath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(cp.split(File.pathSeparator))
                .filter(e -> !e.isBlank() && !e.replace('\\', '/').contains("/agent/target/"))
                .filter(e -> e.replace('\\', '/').endsWith("/test-classes") || e.contains("annotations"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private Thread collect(InputStream in, StringBuffer into) {
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
        }, "fleet-jvm-output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Waits (at most 60 s) for a line of standard output that starts with {@code prefix}. */
    void await(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        synchronized (stdout) {
            while (stdout.toString().lines().noneMatch(l -> l.startsWith(prefix))) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive() && !readers[0].isAlive()) {
                    throw new AssertionError("the program never printed '" + prefix + "':\n" + all());
                }
                stdout.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    /** Lets a paused program go on. */
    void proceed() throws IOException {
        OutputStream in = process.getOutputStream();
        in.write('\n');
        in.flush();
    }

    /** Waits for the JVM to end and for its output to be read; returns its exit status. */
    int exit() throws InterruptedException {
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            throw new AssertionError("the program did not end:\n" + all());
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

    JsonNode report() throws IOException {
        return JSON.readTree(out.resolve("cost_report.json").toFile());
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
