package dev.costagent.agent.store;

import dev.costagent.agent.log.Faults;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The store's own thread: connects (and reconnects, with backoff, after an outage), pushes spool files of earlier
 * runs once connected, and pushes this run's spend every {@link #INTERVAL}, so that the scope's total stays current
 * between stage boundaries and a run without a budget still reports its spend as it goes.
 *
 * <p>A daemon thread: it never holds the JVM up. {@link #stop} ends it (at the run's end, before the last push).
 */
final class Pusher implements Runnable {

    static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final long FIRST_BACKOFF_NANOS = Duration.ofMillis(100).toNanos();
    private static final long MAX_BACKOFF_NANOS = Duration.ofSeconds(5).toNanos();

    private final StoreLink link;
    private final Outbox outbox;
    private final SpoolFiles spools;
    private final Duration timeout;
    private final Faults faults;
    private volatile boolean stopped;
    private volatile Thread thread;

    Pusher(StoreLink link, Outbox outbox, SpoolFiles spools, Duration timeout, Faults faults) {
        this.link = link;
        this.faults = faults;
        this.outbox = outbox;
        this.spools = spools;
        this.timeout = timeout;
    }

    void start() {
        Thread t = new Thread(this, "cost-agent-store");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    @Override
    public void run() {
        long backoff = FIRST_BACKOFF_NANOS;
        boolean spoolsPushed = false;
        while (!stopped) {
            boolean ok;
            try {
                ok = link.open(timeout);
                if (ok && (outbox.unsynced() > 0 || !outbox.reached())) {
                    ok = link.push(timeout, null);
                }
                // Then earlier runs' spool files; one the store refuses while it took this run's push is skipped
                // for the rest of the run, so that it cannot hold up this run's own pushes.
                if (ok && !spoolsPushed) {
                    spoolsPushed = spools.pushAll(link);
                }
            } catch (RuntimeException | Error e) {
                // The thread carries on: a fault of ours must not end the pushes and the reconnects.
                faults.report("the fleet store's thread", e);
                ok = false;
            }
            // A store that accepts connections but refuses the push (a read-only replica, a full memory) is retried
            // with the same backoff as one that cannot be reached.
            long pause = ok ? INTERVAL.toNanos() : backoff;
            backoff = ok ? FIRST_BACKOFF_NANOS : Math.min(backoff * 2, MAX_BACKOFF_NANOS);
            if (!stopped) {
                LockSupport.parkNanos(this, pause);
            }
        }
    }

    /** Ends the thread after its current round trip, waiting for it at most {@code wait}. */
    void stop(Duration wait) {
        stopped = true;
        Thread t = thread;
        if (t == null || t == Thread.currentThread()) {
            return;
        }
        LockSupport.unpark(t);
        try {
            t.join(Math.max(1, wait.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
