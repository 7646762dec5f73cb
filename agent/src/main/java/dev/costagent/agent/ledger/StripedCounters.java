package dev.costagent.agent.ledger;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A few {@code long} counters that many threads add to at once: each thread adds to its own stripe (by thread id),
 * and a read sums the stripes. Unlike {@code LongAdder}, which has at most as many stripes as there are CPUs and
 * moves a thread to another stripe only after a failed update, there are always at least 8 stripes here, each on
 * its own 128 bytes, and threads created one after another (a pool's) never share one. Two threads sharing a
 * {@code LongAdder} stripe on a two-CPU machine share its cache line on every update, which halved the
 * throughput of two recording threads in some runs and not in others.
 *
 * <p>Thread-safety: lock-free; every add is an atomic {@code getAndAdd}, so no update is lost. A sum taken while
 * threads add sees each add or not, like {@code LongAdder.sum()}.
 */
final class StripedCounters {

    /** Stripes: a power of two, at least 8 and at least twice the CPUs (up to 64). */
    static final int STRIPES = stripes(Runtime.getRuntime().availableProcessors());
    /** Longs per stripe: 128 bytes, so that two stripes never share a cache line (nor an adjacent-line pair). */
    private static final int STRIDE = 16;
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    private final int counters;
    /** Stripe {@code s} holds counter {@code c} at {@code (s + 1) * STRIDE + c}: stripe 0 stays off the header. */
    private final long[] values;

    StripedCounters(int counters) {
        if (counters < 1 || counters > STRIDE) {
            throw new IllegalArgumentException("counters: " + counters);
        }
        this.counters = counters;
        this.values = new long[(STRIPES + 1) * STRIDE];
    }

    static int stripes(int cpus) {
        int n = 8;
        while (n < 2 * cpus && n < 64) {
            n <<= 1;
        }
        return n;
    }

    /** The calling thread's stripe offset, to pass to {@link #add}; compute it once per group of adds. */
    static int stripe() {
        @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+; getId() is the same number
        long id = Thread.currentThread().getId();
        return ((int) id & (STRIPES - 1)) * STRIDE + STRIDE;
    }

    void add(int stripe, int counter, long value) {
        LONGS.getAndAdd(values, stripe + counter, value);
    }

    long sum(int counter) {
        if (counter < 0 || counter >= counters) {
            throw new IndexOutOfBoundsException(counter);
        }
        long sum = 0;
        for (int i = STRIDE + counter; i < values.length; i += STRIDE) {
            sum += (long) LONGS.getVolatile(values, i);
        }
        return sum;
    }
}
