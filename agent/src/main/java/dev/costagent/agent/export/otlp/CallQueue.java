package dev.costagent.agent.export.otlp;

import dev.costagent.agent.events.RecordedCall;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;

/**
 * The recorded calls on their way from the program's threads to the export's thread: bounded, so that a slow export
 * costs memory up to a fixed amount and then drops, never blocks. A dropped call loses only its token values in the
 * histogram; the spend is exported from the ledger, which nothing drops.
 *
 * <p>Lock-free, and the consumer is never woken by an offer: it takes what is there on its own schedule
 * ({@link OtlpExport}). A blocking queue would wake a waiting consumer on every call, a system call on the program's
 * thread that costs microseconds.
 *
 * <p>Thread-safety: {@link #offer} from any thread; {@link #poll} from the export's thread only.
 */
final class CallQueue {

    static final int CAPACITY = 10_000;

    private final int capacity;
    private final ConcurrentLinkedQueue<RecordedCall> calls = new ConcurrentLinkedQueue<>();
    /** Calls offered and not yet taken: an upper bound of the queue's length, kept beside it to bound it cheaply. */
    private final AtomicInteger size = new AtomicInteger();
    private final LongAdder dropped = new LongAdder();
    private final AtomicBoolean dropsReported = new AtomicBoolean();

    CallQueue(int capacity) {
        this.capacity = capacity;
    }

    /** On the program's thread: never waits, never wakes anyone. */
    void offer(RecordedCall call) {
        // A read first: while the queue stays full, dropping writes nothing to the line the consumer also writes.
        if (size.get() >= capacity) {
            dropped.increment();
            return;
        }
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            dropped.increment();
            return;
        }
        calls.offer(call);
    }

    /** The next call if one is waiting, else null. */
    RecordedCall poll() {
        RecordedCall c = calls.poll();
        if (c != null) {
            size.decrementAndGet();
        }
        return c;
    }

    long dropped() {
        return dropped.sum();
    }

    /** Logs the first drops once, when there are any; later drops are only counted (see {@link #reportTotal}). */
    void reportFirstDrops(Logger log) {
        if (dropped.sum() > 0 && dropsReported.compareAndSet(false, true)) {
            log.warn("the OTLP export's queue of calls is full ({} calls): per-call token values are being dropped "
                    + "from gen_ai.client.token.usage (the spend is not affected); the count is given at exit",
                    capacity);
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
