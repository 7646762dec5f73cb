package dev.costagent.agent.log;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;

/**
 * The agent's own faults: each is counted, and logged once per place it happens, so a fault on a hot path
 * cannot flood the host's standard error. Tests assert the count stays zero.
 *
 * <p>Thread-safety: safe.
 */
public final class Faults {

    /** Sites logged at most; beyond, faults are only counted, so a fault per generated class cannot flood. */
    static final int MAX_SITES = 1000;

    private final Logger log;
    private final LongAdder count = new LongAdder();
    private final ConcurrentHashMap<String, Boolean> logged = new ConcurrentHashMap<>();

    public Faults(Logger log) {
        this.log = log;
    }

    /** Counts the fault and logs it if it is the first at {@code where}. Never throws. */
    public void report(String where, Throwable t) {
        count.increment();
        try {
            if (logged.size() < MAX_SITES && logged.putIfAbsent(String.valueOf(where), Boolean.TRUE) == null) {
                log.warn("internal fault while {} (the program is not affected; further faults here are counted, "
                        + "not logged)", where, t);
            }
        } catch (RuntimeException | Error e) {
            // Reporting runs inside the program's calls: the count above is all a failing log can leave.
        }
    }

    public long count() {
        return count.sum();
    }
}
