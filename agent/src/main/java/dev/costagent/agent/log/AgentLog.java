package dev.costagent.agent.log;

import java.io.PrintStream;
import java.util.List;
import org.slf4j.Logger;

/**
 * Hands out the agent's loggers. The agent's classes take loggers from here rather than from
 * {@code LoggerFactory}, so no service lookup runs at start-up and a host's {@code slf4j.provider} setting can
 * never redirect the agent's messages.
 *
 * <p>Thread-safety: safe.
 */
public final class AgentLog {

    /** The levels {@code costagent.log} accepts. */
    public static final List<String> LEVELS = List.of("trace", "debug", "info", "warn", "error", "off");

    private static final LogSettings SETTINGS = new LogSettings();

    private AgentLog() {
    }

    public static Logger get(Class<?> owner) {
        return new StderrLogger(owner.getSimpleName(), SETTINGS);
    }

    /** Sets the level; one of {@link #LEVELS}. */
    public static void level(String level) {
        SETTINGS.level(level);
    }

    /** Redirects the output (tests); null restores standard error. */
    public static void stream(PrintStream s) {
        SETTINGS.stream(s == null ? System.err : s);
    }
}
