package dev.costagent.agent.store;

import dev.costagent.agent.ledger.CostLedger;
import java.util.ArrayList;
import java.util.List;

/**
 * This run's spend on its way to the store, taken from the ledger's total: what is still to send, in numbered
 * batches, what the store has confirmed, and the scope's total as the store last gave it.
 *
 * <p>The calls themselves add nothing here: the ledger already keeps the run's total, and a batch is the part of it
 * not yet put in a batch ({@link #toSend}). A batch is fixed once made: sent again after a failure it carries the
 * same number and amount, which is what lets the store recognise it. Batches are made only when there is a
 * connection to send them on, so an outage makes no new batches, and the spend it holds back goes out as one.
 *
 * <p>Thread-safety: safe. The batches are made and confirmed by one thread at a time (under the link's lock); the
 * figures ({@link #unsynced}, {@link #estimate}) are read by any thread, the report's among them.
 */
final class Outbox {

    /** Batches kept for sending again, at most: beyond it, new spend waits in the ledger and goes out later. */
    static final int MAX_UNCONFIRMED = 1000;

    private final CostLedger ledger;
    private final List<Batch> unconfirmed = new ArrayList<>();
    private long nextSeq = 1;
    /** Picodollars put in batches so far. */
    private long batched;
    private volatile long confirmed;
    private volatile long scopeTotal;
    private volatile boolean reached;

    Outbox(CostLedger ledger) {
        this.ledger = ledger;
    }

    /** The batches to send now: those not yet confirmed, and one more with the spend since the last batch. */
    synchronized List<Batch> toSend() {
        if (unconfirmed.size() < MAX_UNCONFIRMED) {
            batchFresh();
        }
        return List.copyOf(unconfirmed);
    }

    /** Every batch not confirmed, the spend since the last one included: what a spool file keeps. */
    synchronized List<Batch> drain() {
        batchFresh();
        return List.copyOf(unconfirmed);
    }

    private void batchFresh() {
        long total = ledger.totalPicos();
        long fresh = total - batched;
        if (fresh > 0) {
            unconfirmed.add(new Batch(nextSeq++, fresh));
            batched = total;
        }
    }

    /** The store added {@code sent} (the first of {@link #toSend}'s batches) and answered the scope's total. */
    synchronized void confirmed(List<Batch> sent, long total) {
        long picos = 0;
        for (Batch b : sent) {
            picos += b.picos();
        }
        unconfirmed.subList(0, sent.size()).clear();
        confirmed += picos;
        scopeTotal = total;
        reached = true;
    }

    /** This run's spend the store has not confirmed, in picodollars. */
    long unsynced() {
        long u = ledger.totalPicos() - confirmed;
        return u < 0 ? Long.MAX_VALUE : u;
    }

    /**
     * The scope's total as best known now: what the store last answered plus this run's spend it has not
     * confirmed. Never lower than the truth as far as this JVM can see, so a budget checked on it is not overrun
     * by this JVM's own spend.
     */
    long estimate() {
        long e = scopeTotal + unsynced();
        return e < 0 ? Long.MAX_VALUE : e;
    }

    /** The scope's total the store last answered (0 before it answered). */
    long scopeTotal() {
        return scopeTotal;
    }

    /** Whether the store has answered at least once. */
    boolean reached() {
        return reached;
    }

    /** Whether every picodollar of this run reached the store (and the store was reached at all). */
    boolean synced() {
        return reached && unsynced() == 0;
    }
}
