package dev.costagent.agent.ledger;

import dev.costagent.agent.events.RunEvents;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;

/**
 * The run's warnings: each is logged as a WARN line and listed in the report. Identical warnings are kept once,
 * and at most {@value #MAX} are kept, so a program that trips one on every call cannot grow memory without bound.
 *
 * <p>Thread-safety: safe; the order of the list is the order warnings were first raised.
 */
public final class Warnings {

    static final int MAX = 200;

    private final Logger log;
    private final RunEvents events;
    private final ConcurrentHashMap<String, Integer> seen = new ConcurrentHashMap<>();
    private final AtomicInteger order = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();

    /** @param events told of each warning raised */
    public Warnings(Logger log, RunEvents events) {
        this.log = log;
        this.events = events;
    }

    /** Raises a warning; returns false when an identical one was already raised. */
    public boolean warn(String message) {
        if (seen.containsKey(message)) {
            return false;
        }
        if (seen.size() >= MAX) {
            dropped.incrementAndGet();
        } else if (seen.putIfAbsent(message, order.getAndIncrement()) != null) {
            return false;
        }
        log.warn(message);
        events.warningRaised(message);
        return true;
    }

    /** The warnings in the order they were raised, with a last line counting any not kept. */
    public List<String> list() {
        List<String> out = new ArrayList<>(seen.keySet());
        out.sort(new Comparator<String>() {
            @Override
            public int compare(String a, String b) {
                return Integer.compare(seen.get(a), seen.get(b));
            }
        });
        int d = dropped.get();
        if (d > 0) {
            out.add(d + " more warnings not kept in this report (see the agent's log)");
        }
        return out;
    }
}
