package dev.costagent.agent.store;

import dev.costagent.agent.value.Money;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;

/**
 * The connection to the store and the round trips made on it, by the stage boundaries, the pusher thread and the
 * exit alike: one at a time, under a lock, so that this run's batches reach the store in the order of their
 * numbers.
 *
 * <p>A failed round trip drops the connection; reconnecting is the pusher's job ({@link #open}), off the program's
 * threads. While there is no connection a round trip fails at once, so a stage boundary never waits for a store
 * that is known to be down. Each outage is one WARN, and the return one INFO.
 *
 * <p>Thread-safety: safe.
 */
final class StoreLink {

    /** What a round trip does with the connection. */
    interface Exchange {
        void on(StoreConnection c) throws StoreException;
    }

    private final StoreClient client;
    private final Outbox outbox;
    private final String runId;
    private final Logger log;
    /** Where this run's spend goes: the scope's keys, resolved on first use (the workflow's name may need main). */
    private final ScopeNames names;
    private final boolean shared;
    private final ReentrantLock io = new ReentrantLock();
    private final ReentrantLock connecting = new ReentrantLock();
    private final CountDownLatch firstAttempt = new CountDownLatch(1);
    private volatile StoreConnection connection;
    /** Whether the current outage has been reported. */
    private volatile boolean warned;
    /** Closed at the end of the run: no round trip from then on, and nothing more to report. */
    private volatile boolean closed;
    private volatile StoreException lastFailure;

    /** Resolves the name the run's keys carry. */
    interface ScopeNames {
        ScopeKeys keys();
    }

    StoreLink(StoreClient client, Outbox outbox, String runId, ScopeNames names, boolean shared, Logger log) {
        this.client = client;
        this.outbox = outbox;
        this.runId = runId;
        this.names = names;
        this.shared = shared;
        this.log = log;
    }

    String shown() {
        return client.shown();
    }

    String runId() {
        return runId;
    }

    ScopeKeys keys() {
        return names.keys();
    }

    boolean isOpen() {
        return connection != null;
    }

    /**
     * Opens a connection unless one is open, waiting at most {@code wait} for another thread's attempt to end.
     *
     * @return whether a connection is open now
     */
    boolean open(Duration wait) {
        if (connection != null) {
            return true;
        }
        try {
            if (!connecting.tryLock(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            if (connection != null) {
                return true;
            }
            if (closed) {
                return false;
            }
            StoreConnection c = client.open();
            connection = c;
            if (closed) {
                // The run ended while this connected.
                close(Duration.ZERO);
                return false;
            }
            if (warned) {
                warned = false;
                log.info("store {} reached again; the spend held back is pushed now", client.shown());
            }
            return true;
        } catch (StoreException e) {
            down(e);
            return false;
        } finally {
            connecting.unlock();
            firstAttempt.countDown();
        }
    }

    /** Opens the connection now, for a store the settings require: the failure is the caller's to report. */
    void openRequired() throws StoreException {
        try {
            connection = client.open();
        } finally {
            firstAttempt.countDown();
        }
    }

    /** Waits, at most {@code wait}, for the first attempt to connect to end (at start-up it is the pusher's). */
    void awaitFirstAttempt(Duration wait) {
        try {
            firstAttempt.await(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Pushes this run's spend not yet confirmed (and {@code entry}, its ledger entry, when not null) and reads the
     * scope's total, in one round trip.
     *
     * @param wait how long to wait for the lock, and then for the answer
     * @return whether the store answered
     */
    boolean push(Duration wait, byte[] entry) {
        return exchange(wait, new OwnSpend(entry, wait));
    }

    /** This run's batches and entry, as one exchange. */
    private final class OwnSpend implements Exchange {
        private final byte[] entry;
        private final Duration wait;

        OwnSpend(byte[] entry, Duration wait) {
            this.entry = entry;
            this.wait = wait;
        }

        @Override
        public void on(StoreConnection c) throws StoreException {
            List<Batch> batches = outbox.toSend();
            long total = c.push(names.keys(), runId, batches, entry, wait);
            outbox.confirmed(batches, total);
        }
    }

    /**
     * Runs one exchange on the open connection, under the lock (waited for at most {@code wait}).
     *
     * @return false when there is no connection, the lock did not come in time, or the exchange failed (the
     *         connection is then dropped)
     */
    boolean exchange(Duration wait, Exchange x) {
        try {
            if (!io.tryLock(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            // The program's thread keeps its interrupt; the answer is the last known total.
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            StoreConnection c = connection;
            if (c == null || closed) {
                return false;
            }
            try {
                x.on(c);
                return true;
            } catch (StoreException e) {
                drop(c, e);
                return false;
            } catch (RuntimeException e) {
                // The client's own fault on a reply it did not expect: the connection cannot be trusted either.
                drop(c, new StoreException("store " + client.shown() + " failed (" + e + ")", false, e));
                return false;
            }
        } finally {
            io.unlock();
        }
    }

    private void drop(StoreConnection c, StoreException why) {
        lastFailure = why;
        connection = null;
        c.close();
        down(why);
    }

    /** Whether the last failed round trip was the store answering with a refusal, rather than not answering. */
    boolean lastFailureRefused() {
        StoreException f = lastFailure;
        return f != null && f.refused();
    }

    /** Reports an outage once: the store's words, and what this run does meanwhile. */
    private void down(StoreException e) {
        if (closed) {
            return;
        }
        if (warned) {
            log.debug("store {} still unusable: {}", client.shown(), e.getMessage());
            return;
        }
        warned = true;
        String budget = shared
                ? "; the budget is checked on the scope's last known total ($" + Money.usd(outbox.scopeTotal())
                        .toPlainString() + ") plus this JVM's own spend"
                : "";
        log.warn("{}; this run's spend is counted here and pushed when the store is back{}", e.getMessage(), budget);
    }

    /** Closes the connection once a round trip in flight has ended (waiting at most {@code wait}); never throws. */
    void close(Duration wait) {
        closed = true;
        boolean locked = false;
        try {
            locked = io.tryLock(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            StoreConnection c = connection;
            connection = null;
            if (c != null) {
                c.close();
            }
        } finally {
            if (locked) {
                io.unlock();
            }
        }
    }
}
