package dev.costagent.fleet;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.costagent.testing.ForkedJvm;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A worker JVM of a fleet test: {@link FleetProgram} (or {@code java -jar cost-agent.jar ...}) under
 * {@code -javaagent:agent/target/cost-agent.jar}; its output is collected as it comes ({@link ForkedJvm}).
 */
final class FleetJvm extends ForkedJvm {

    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    final Path out;

    private FleetJvm(Path out, ProcessBuilder pb) throws IOException {
        super(pb);
        this.out = out;
    }

    /**
     * Starts {@link FleetProgram} with the agent writing to {@code out}.
     *
     * @param agentOptions {@code -D} options for the agent ({@code -Dcostagent.store=...}) and the JVM
     * @param env          extra environment ({@code COSTAGENT_STORE_PASSWORD})
     */
    static FleetJvm start(Path out, List<String> agentOptions, Map<String, String> env, String... args)
            throws IOException {
        List<String> options = new ArrayList<>();
        options.add("-Dcostagent.out=" + out);
        options.addAll(agentOptions);
        return new FleetJvm(out, in(out, programCommand(List.of("-javaagent:" + AGENT_JAR), options,
                testClassPath(), FleetProgram.class.getName(), args), env));
    }

    /** Runs {@code java [options] -jar cost-agent.jar args}, the agent's command line. */
    static FleetJvm cli(Path workDir, List<String> options, Map<String, String> env, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.addAll(options);
        cmd.addAll(List.of("-jar", AGENT_JAR.toString()));
        cmd.addAll(List.of(args));
        return new FleetJvm(workDir, in(workDir, cmd, env));
    }

    /** Waits (at most 60 s) for a line of standard output that starts with {@code prefix}. */
    void await(String prefix) throws InterruptedException {
        awaitLineStartingWith(prefix);
    }

    int exit() throws InterruptedException {
        return exit(Duration.ofSeconds(120));
    }

    JsonNode report() throws IOException {
        return JSON.readTree(out.resolve("cost_report.json").toFile());
    }
}
