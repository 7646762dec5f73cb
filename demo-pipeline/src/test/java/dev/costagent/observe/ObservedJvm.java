package dev.costagent.observe;

import dev.costagent.testing.ForkedJvm;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A program in its own JVM under {@code -javaagent:agent/target/cost-agent.jar} (and, for the both-agents test, the
 * OpenTelemetry agent first); its output is collected as it comes ({@link ForkedJvm}).
 */
final class ObservedJvm extends ForkedJvm {

    private ObservedJvm(ProcessBuilder pb) throws IOException {
        super(pb);
    }

    /**
     * Starts {@code mainClass} with the test class path (the agent's module left out: it comes in by -javaagent).
     *
     * @param before JVM options before cost-agent's {@code -javaagent} (another agent)
     * @param options JVM options after it ({@code -Dcostagent.*})
     */
    static ObservedJvm start(Path workDir, List<String> before, List<String> options, String mainClass,
                             String... args) throws IOException {
        List<String> agents = new ArrayList<>(before);
        agents.add("-javaagent:" + AGENT_JAR);
        return new ObservedJvm(in(workDir, programCommand(agents, options, classPath(), mainClass, args), Map.of()));
    }

    /** The test's class path but the agent's modules, which come in by -javaagent (and the OTel extension). */
    static String classPath() {
        return classPath(e -> !e.contains("/otel-extension/target/"));
    }
}
