package dev.costagent.agent.export.otlp;

import dev.costagent.agent.events.RecordedCall;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;

/**
 * The recorded calls on their way from the program's threads to the export's thread: a bounded queue, so that a
 * slow export costs memory up to a fixed amount and then drops, never blocks. A dropped call loses only its token
 * values in the histogram; the spend is exported from the ledger, which nothing drops.
 *
 * <p>Thread-safety: {@link #offer} from any thread (a non-blocking offer, or a counter add when full); the rest from
 * the export's thread.
 */
final class CallQueue {

    static final int CAPACITY = 10_000;

    private final ArrayBlockingQueue<RecordedCall> calls;
    private final LongAdder dropped = new LongAdder();
    private final AtomicBoolean dropsReported = new AtomicBoolean();

    CallQueue(int capacity) {
        this.calls = new ArrayBlockingQueue<>(capacity);
    }

    /** On the program's thread: never waits. */
    void offer(RecordedCall call) {
        if (!calls.offer(call)) {
            dropped.increment();
        }
    }

    /** The next call, waiting at most {@code millis}; null if none came. */
    RecordedCall poll(long millis) throws InterruptedException {
        return calls.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** The next call if one is waiting, else null. */
    RecordedCall poll() {
        return calls.poll();
    }

    long dropped() {
        return dropped.sum();
    }

    /** Logs the first drops once, when there are any; later drops are only counted (see {@link #reportTotal}). */
    void reportFirstDrops(Logger log) {
        if (dropped.sum() > 0 && dropsReported.compareAndSet(false, true)) {
            log.warn("the OTLP export's queue of calls is full ({} calls): per-call token values are being dropped "
                    + "from gen_ai.client.token.usage (the spend is not affected); the count is given at exit",
                    calls.remainingCapacity() + calls.size());
        }
    }

    /** At the end: how many calls' token values were dropped in all, when any were. */
    void reportTotal(Logger log) {
        long n = dropped.sum();
        if (n > 0) {
            log.warn("the OTLP export dropped the token values of {} calls in all (queue full)", n);
        }
    }
}
