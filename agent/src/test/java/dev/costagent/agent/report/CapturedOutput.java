package dev.costagent.agent.report;

import dev.costagent.agent.log.AgentLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** The agent's log lines and the report's fallback console, captured for one test. */
public final class CapturedOutput implements AutoCloseable {

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream consoleBytes = new ByteArrayOutputStream();
    public final PrintStream console = new PrintStream(consoleBytes, true, StandardCharsets.UTF_8);

    public CapturedOutput() {
        AgentLog.stream(new PrintStream(logBytes, true, StandardCharsets.UTF_8));
    }

    public String log() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    public List<String> logLines() {
        String text = log();
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    }

    public List<String> warnings() {
        return logLines().stream().filter(l -> l.startsWith("[cost-agent] WARN ")).toList();
    }

    public String console() {
        return consoleBytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        AgentLog.stream(null);
    }
}
