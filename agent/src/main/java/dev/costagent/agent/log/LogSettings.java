package dev.costagent.agent.log;

import java.io.PrintStream;
import java.util.Locale;
import org.slf4j.event.Level;

/**
 * The level and the stream of the agent's loggers.
 *
 * <p>Thread-safety: fields are volatile; the level may change while threads log.
 */
final class LogSettings {

    /** Above every level: nothing is printed. */
    static final int OFF = Integer.MAX_VALUE;

    private volatile int threshold = Level.INFO.toInt();
    private volatile PrintStream stream = System.err;

    boolean enabled(Level level) {
        return level.toInt() >= threshold;
    }

    PrintStream stream() {
        return stream;
    }

    void stream(PrintStream s) {
        stream = s;
    }

    void level(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        threshold = "off".equals(n) ? OFF : Level.valueOf(n.toUpperCase(Locale.ROOT)).toInt();
    }
}
