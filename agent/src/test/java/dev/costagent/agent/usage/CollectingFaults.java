package dev.costagent.agent.usage;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A fault sink that keeps what it is told, so a test can assert that a normal read reported nothing. */
final class CollectingFaults implements FaultSink {

    final List<String> sites = new CopyOnWriteArrayList<>();
    final List<Throwable> faults = new CopyOnWriteArrayList<>();

    @Override
    public void fault(String site, Throwable fault) {
        sites.add(site);
        faults.add(fault);
    }

    void assertNone() {
        if (!faults.isEmpty()) {
            AssertionError error = new AssertionError("unexpected faults at " + sites);
            faults.forEach(error::addSuppressed);
            throw error;
        }
    }

    void assertSome() {
        if (faults.isEmpty()) {
            fail("expected a fault to be reported");
        }
    }
}
