package dev.costagent.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.costagent.agent.log.AgentLog;
import dev.costagent.agent.stage.StageEntry;
import dev.costagent.agent.stage.StageFrame;
import dev.costagent.fixtures.FaultFixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #4, point 6, inside instrumented code: responses that fail when read, usage too large to price, and a
 * runtime that fails at every call. The program always gets its own return value and its own exception (the same
 * object), each fault is counted, and each place of fault is logged once however often it happens.
 */
class FaultContainmentTest {

    private static final int CALLS = 400;

    @TempDir
    Path out;
    private AgentHarness harness;
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final FaultFixtures program = new FaultFixtures();

    @BeforeEach
    void start() throws Exception {
        AgentLog.stream(new PrintStream(logBytes, true, StandardCharsets.UTF_8));
        harness = new AgentHarness(null, out, FaultFixtures.class);
    }

    @AfterEach
    void stop() throws Exception {
        AgentLog.stream(null);
        harness.close();
    }

    private List<String> lines(String containing) {
        return Arrays.stream(logBytes.toString(StandardCharsets.UTF_8).split("\n")).filter(l -> l.contains(containing))
                .toList();
    }

    /** An exception whose message cannot be read either. */
    private static final class UnprintableException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        @Override
        public String getMessage() {
            throw new UnsupportedOperationException("no message either");
        }
    }

    /** A response whose every lookup fails, with an exception whose own message fails too. */
    private static Map<String, Object> failingResponse() {
        return new AbstractMap<>() {
            @Override
            public Object get(Object key) {
                throw new UnprintableException();
            }

            @Override
            public Set<Entry<String, Object>> entrySet() {
                throw new UnsupportedOperationException("not iterable");
            }
        };
    }

    /** Usage no real call has: 2^50 output tokens of Opus 4.5, about $28 billion, more than a long can price. */
    private static Map<String, Object> unpriceableResponse() {
        Map<String, Object> usage = new HashMap<>();
        usage.put("input_tokens", 1);
        usage.put("output_tokens", 1L << 50);
        return new HashMap<>(Map.of("model", "claude-opus-4-5", "usage", usage));
    }

    @Test
    void responsesThatFailWhenReadAreCountedLoggedOnceAndNeverReachTheProgram() {
        for (int i = 0; i < CALLS; i++) {
            Map<String, Object> response = failingResponse();
            assertSame(response, program.first(response));
        }
        assertEquals(CALLS, harness.components.faults().count(), "every fault counted");
        assertEquals(1, lines("WARN internal fault while usage.map").size(), logBytes.toString(StandardCharsets.UTF_8));
        String warn = lines("WARN internal fault while usage.map").get(0);
        assertTrue(warn.contains("FaultContainmentTest$UnprintableException (its message cannot be read"), warn);
        assertEquals(CALLS, harness.components.ledger().unmeteredCalls());
        assertEquals(1, lines("FaultFixtures#first returned").size(), "the unmetered call warned once per method");
    }

    @Test
    void usageTooLargeToPriceIsAFaultOfItsCallSiteLoggedOncePerSite() {
        for (int i = 0; i < CALLS; i++) {
            Map<String, Object> a = unpriceableResponse();
            Map<String, Object> b = unpriceableResponse();
            assertSame(a, program.first(a));
            assertSame(b, program.second(b));
        }
        assertEquals(2L * CALLS, harness.components.faults().count());
        assertEquals(1, lines("WARN internal fault while recording dev.costagent.fixtures.FaultFixtures#first").size());
        assertEquals(1, lines("WARN internal fault while recording dev.costagent.fixtures.FaultFixtures#second").size());
        assertEquals(2, lines("WARN internal fault while").size(), logBytes.toString(StandardCharsets.UTF_8));
        assertEquals(0, harness.components.ledger().totalPicos(), "nothing half-recorded");
    }

    /** Every callback throws; {@code fault} counts where. */
    private static final class FailingHandler implements AdviceHandler {
        final Map<String, AtomicInteger> faults = new java.util.concurrent.ConcurrentHashMap<>();
        final boolean faultFails;

        FailingHandler(boolean faultFails) {
            this.faultFails = faultFails;
        }

        @Override
        public StageEntry stageEnter(int site) {
            throw new IllegalStateException("stage entry fails");
        }

        @Override
        public Throwable stageExit(int site, StageFrame frame, Throwable thrown) {
            throw new IllegalStateException("stage exit fails");
        }

        @Override
        public Object callEnter(int site) {
            return "token";
        }

        @Override
        public void callExit(int site, Object token, Object returned, Throwable thrown) {
            throw new OutOfMemoryError("pretend");
        }

        @Override
        public Object sdkEnter(int site, Object self, Object[] arguments) {
            throw new IllegalStateException("sdk entry fails");
        }

        @Override
        public Object[] sdkEntry(int site, Object self, Object[] arguments) {
            throw new IllegalStateException("sdk entry fails");
        }

        @Override
        public Object sdkExit(int site, Object token, Object returned, Throwable thrown) {
            throw new IllegalStateException("sdk exit fails");
        }

        @Override
        public void fault(String where, Throwable t) {
            faults.computeIfAbsent(where, w -> new AtomicInteger()).incrementAndGet();
            if (faultFails) {
                throw new IllegalStateException("and reporting fails too");
            }
        }
    }

    private void assertTheProgramIsUnaffected() throws Throwable {
        Object value = new Object();
        assertSame(value, program.first(value));
        assertSame(value, program.stage(() -> value));
        assertSame(value, program.stage(() -> program.second(value)));
        RuntimeException mine = new IllegalArgumentException("the program's own");
        assertSame(mine, assertThrows(IllegalArgumentException.class, () -> program.throwing(mine)));
        assertSame(mine, assertThrows(IllegalArgumentException.class, () -> program.stage(() -> {
            throw mine;
        })));
        StackOverflowError error = new StackOverflowError("the program's own error");
        assertSame(error, assertThrows(StackOverflowError.class, () -> program.throwing(error)));
        Exception checked = new java.io.IOException("checked");
        assertSame(checked, assertThrows(java.io.IOException.class, () -> program.stage(() -> {
            throw checked;
        })));
    }

    @Test
    void aRuntimeThatFailsAtEveryCallNeverChangesWhatTheProgramGetsOrThrows() throws Throwable {
        FailingHandler failing = new FailingHandler(false);
        Dispatch.install(failing);
        assertTheProgramIsUnaffected();
        // Faults are reported per place: the kind of boundary and the call site, so each site logs once.
        Set<String> kinds = new java.util.HashSet<>();
        int stageEntries = 0;
        for (var e : failing.faults.entrySet()) {
            kinds.add(e.getKey().replaceAll(" of site \\d+$", ""));
            if (e.getKey().startsWith("stage entry of site ")) {
                stageEntries += e.getValue().get();
            }
        }
        assertEquals(Set.of("stage entry", "tracked call exit"), kinds);
        assertEquals(4, stageEntries);
    }

    @Test
    void evenWhenReportingTheFaultFailsTooTheAdviceSwallowsItAndTheProgramIsUnaffected() throws Throwable {
        Dispatch.install(new FailingHandler(true));
        assertTheProgramIsUnaffected();
    }
}
