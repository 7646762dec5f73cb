package dev.costagent.reliability;

import dev.costagent.testing.ForkedJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A separate JVM running {@link ReliabilityProgram} (or another main class) under
 * {@code -javaagent:agent/target/cost-agent.jar}; its output is collected as it comes ({@link ForkedJvm}).
 */
final class ChildJvm extends ForkedJvm {

    private ChildJvm(ProcessBuilder pb) throws IOException {
        super(pb);
    }

    /** A JVM builder: the agent first, then the options, then the main class and its arguments. */
    static final class Builder {
        private final List<String> agents = new ArrayList<>();
        private final List<String> options = new ArrayList<>();
        private final Map<String, String> env = new HashMap<>();
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
            return new ChildJvm(in(workDir, programCommand(agents, options, testClassPath(), mainClass, args), env));
        }
    }

    static Builder in(Path workDir) {
        return new Builder(workDir);
    }

    /** Waits for the program's {@code READY}. */
    void awaitReady() throws InterruptedException {
        awaitLine("READY");
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

    int exit() throws InterruptedException {
        return exit(Duration.ofSeconds(90));
    }
}
