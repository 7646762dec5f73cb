package dev.costagent.agent.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** Issue #4, point 6: faults are counted always, logged once per place, and reporting one never throws. */
class FaultsTest {

    private static Logger logger(AtomicInteger calls, boolean fails) {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("warn")) {
                        calls.incrementAndGet();
                        if (fails) {
                            throw new IllegalStateException("the log is broken");
                        }
                    }
                    return method.getReturnType() == boolean.class ? Boolean.TRUE : null;
                });
    }

    @Test
    void eachPlaceIsLoggedOnceAndEveryFaultIsCounted() {
        AtomicInteger warnings = new AtomicInteger();
        Faults faults = new Faults(logger(warnings, false));
        for (int i = 0; i < 1000; i++) {
            faults.report("reading a response", new RuntimeException("x"));
            faults.report("recording a call", new RuntimeException("y"));
        }
        assertEquals(2000, faults.count());
        assertEquals(2, warnings.get());
    }

    @Test
    void aLogThatFailsLeavesTheFaultCountedAndNothingThrown() {
        AtomicInteger warnings = new AtomicInteger();
        Faults faults = new Faults(logger(warnings, true));
        faults.report("somewhere", new RuntimeException("x"));
        faults.report(null, null);
        assertEquals(2, faults.count());
        assertEquals(2, warnings.get());
    }

    @Test
    void theNumberOfPlacesLoggedIsBounded() {
        AtomicInteger warnings = new AtomicInteger();
        Faults faults = new Faults(logger(warnings, false));
        for (int i = 0; i < 3 * Faults.MAX_SITES; i++) {
            faults.report("instrumenting generated class " + i, new RuntimeException());
        }
        assertEquals(3L * Faults.MAX_SITES, faults.count());
        assertEquals(Faults.MAX_SITES, warnings.get());
    }
}
