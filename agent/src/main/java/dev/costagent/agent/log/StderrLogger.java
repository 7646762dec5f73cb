package dev.costagent.agent.log;

import java.io.PrintStream;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * The agent's own SLF4J binding: one line per event on the JVM's standard error, prefixed
 * {@code [cost-agent]}. The agent never routes through the host program's logging, whose configuration,
 * class loading and failures are not ours to touch.
 *
 * <p>Thread-safety: safe; each event is printed with a single {@code println}.
 */
final class StderrLogger extends LegacyAbstractLogger {

    private static final long serialVersionUID = 1L;

    private final LogSettings settings;

    StderrLogger(String name, LogSettings settings) {
        this.name = name;
        this.settings = settings;
    }

    @Override
    public boolean isTraceEnabled() {
        return settings.enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return settings.enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return settings.enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return settings.enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return settings.enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
                                               Throwable throwable) {
        String text = MessageFormatter.basicArrayFormat(pattern, args);
        PrintStream err = settings.stream();
        StringBuilder line = new StringBuilder(text.length() + 24).append("[cost-agent] ");
        if (level != Level.INFO) {
            line.append(level).append(' ');
        }
        line.append(text);
        if (throwable != null) {
            line.append(": ").append(describe(throwable));
        }
        err.println(line);
        if (throwable != null && settings.enabled(Level.DEBUG)) {
            try {
                throwable.printStackTrace(err);
            } catch (RuntimeException | StackOverflowError e) {
                err.println("[cost-agent] (the stack trace of " + throwable.getClass().getName() + " cannot be printed)");
            }
        }
    }

    /**
     * The throwable's {@code toString()}, or its class name when that throws: a fault thrown by the program's
     * objects (a response whose accessor failed) may carry a message that fails too, and logging a fault must
     * never become a fault of its own.
     */
    private static String describe(Throwable t) {
        try {
            return String.valueOf(t);
        } catch (RuntimeException | StackOverflowError e) {
            return t.getClass().getName() + " (its message cannot be read: " + e.getClass().getName() + ")";
        }
    }
}
