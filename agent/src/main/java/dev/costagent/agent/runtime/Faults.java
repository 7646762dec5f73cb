package dev.costagent.agent.runtime;

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

    private final Logger log;
    private final LongAdder count = new LongAdder();
    private final ConcurrentHashMap<String, Boolean> logged = new ConcurrentHashMap<>();

    public Faults(Logger log) {
        this.log = log;
    }

    public void report(String where, Throwable t) {
        count.increment();
        if (logged.size() < 1000 && logged.putIfAbsent(where, Boolean.TRUE) == null) {
            log.warn("internal fault while {} (the program is not affected; further faults here are counted, not logged)",
                    where, t);
        }
    }

    public long count() {
        return count.sum();
    }
}
