package dev.costagent.agent.store;

import dev.costagent.agent.budget.SpendSource;
import dev.costagent.agent.log.Faults;
import java.time.Duration;

/**
 * What the budget is checked against when it is a scope's: the scope's total, read fresh at each stage boundary in
 * the same round trip that pushes this JVM's pending spend. When the store cannot answer (down, slow past
 * {@code store.timeout}, refusing), the answer is the scope's last known total plus this JVM's spend the store has
 * not confirmed, at once: a store known to be down costs a boundary nothing.
 */
final class ScopeSpend implements SpendSource {

    private final StoreLink link;
    private final Outbox outbox;
    private final Duration timeout;
    private final Faults faults;

    ScopeSpend(StoreLink link, Outbox outbox, Duration timeout, Faults faults) {
        this.link = link;
        this.outbox = outbox;
        this.timeout = timeout;
        this.faults = faults;
    }

    @Override
    public long spentPicos() {
        try {
            // Only the first boundary can find the store's thread still connecting; it waits for that attempt.
            link.awaitFirstAttempt(timeout);
            link.push(timeout, null);
        } catch (RuntimeException | Error e) {
            faults.report("reading the scope's total from the store", e);
        }
        return outbox.estimate();
    }
}
