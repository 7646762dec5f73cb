package dev.costagent.agent.calls;

import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The responses counted most recently, by identity, so that the same object reaching a second layer (a tracked
 * method returning what an SDK hook or another tracked method already counted) adds nothing.
 *
 * <p>A fixed table of {@value #SLOTS} weak slots indexed by identity hash, not a growing map: per call it costs one
 * small short-lived object and a few compare-and-sets, and nothing the garbage collector must trace call after
 * call. The price is that it remembers recent responses only: a slot is reused by a later response with the same
 * index. That is enough, because the layers that hand the same response on do so at once (nested calls, which the
 * call frames count exactly anyway, and a wrapper returning what it just received).
 *
 * <p>Identity, not {@code equals}: SDK response classes compare by value, and two identical responses from
 * two real calls are two costs.
 *
 * <p>Why a second array of stamps: the weak reference in a slot was made by a call thousands of calls ago, and the
 * program has allocated megabytes since, so reading it is a cache miss to memory (measured: most of the table's
 * cost per call). Each slot also has a stamp, the identity hash of what it holds and a version, in a compact array
 * that stays in cache: a response whose hash differs from a stable stamp is known absent without reading the
 * reference. The reference is read only when the hashes agree (the response was counted, or a rare collision) or
 * another thread is writing the slot.
 *
 * <p>The protocol, lock-free, every writer alike: read the slot's reference, then move the stamp to an odd
 * version carrying the writer's hash (a compare-and-set), then compare-and-set the reference from the value read to
 * its own, then, if the stamp is still its own, make the version even. References are fresh objects and never put
 * back, so a writer's reference compare-and-set succeeds only if no other writer's did since it read the slot; and
 * a writer can only make the stamp even if nobody moved it since its own move. Together: while a stamp is even,
 * the slot holds the reference the stamp's hash belongs to. A writer that finds the stamp even with another hash
 * therefore knows, without reading the reference, that the slot does not hold its response; in every other case
 * it reads the reference and compares, as a table without stamps would. The reference compare-and-set stays the
 * single point that decides whether a response is new, so two threads adding the same response concurrently get
 * exactly one {@code true}.
 *
 * <p>Thread-safety: safe and lock-free; {@link #add} is atomic per slot.
 */
final class CountedResponses {

    static final int SLOTS = 4096;
    private static final int MASK = SLOTS - 1;
    /** Versions count in the low half of a stamp; an odd version means a writer is between its two updates. */
    private static final long VERSION = 0xFFFF_FFFFL;

    /**
     * Weak references, typed {@code Object} on purpose: a {@code WeakReference} element type makes the compiler
     * check the class of each element read, which reads the object, the cache miss the stamps are there to avoid.
     */
    private final AtomicReferenceArray<Object> slots = new AtomicReferenceArray<>(SLOTS);
    /** Per slot: the identity hash of what it holds (high 32 bits) and a version (low 32 bits). */
    private final AtomicLongArray stamps = new AtomicLongArray(SLOTS);

    /** Adds the response; false when it is already in the table. */
    boolean add(Object response) {
        int hash = System.identityHashCode(response);
        int i = index(hash);
        WeakReference<Object> mine = null;
        while (true) {
            long stamp = stamps.get(i);
            Object current = slots.get(i);
            if (!provesAbsent(stamp, hash) && refersTo(current, response)) {
                return false;
            }
            if (mine == null) {
                mine = new WeakReference<>(response);
            }
            long moved = ((long) hash << 32) | nextOdd(stamp);
            if (!stamps.compareAndSet(i, stamp, moved)) {
                continue;
            }
            if (slots.compareAndSet(i, current, mine)) {
                // Even again only if nobody moved the stamp since: otherwise that writer makes it even, or it stays
                // odd and readers compare references.
                stamps.compareAndSet(i, moved, (moved & ~VERSION) | ((moved + 1) & VERSION));
                return true;
            }
        }
    }

    boolean contains(Object response) {
        int hash = System.identityHashCode(response);
        int i = index(hash);
        if (provesAbsent(stamps.get(i), hash)) {
            return false;
        }
        return refersTo(slots.get(i), response);
    }

    /** How many slots hold a live response (tests). */
    int size() {
        int n = 0;
        for (int i = 0; i < SLOTS; i++) {
            if (slots.get(i) instanceof WeakReference<?> r && r.get() != null) {
                n++;
            }
        }
        return n;
    }

    private static boolean refersTo(Object slot, Object response) {
        return slot != null && ((WeakReference<?>) slot).get() == response;
    }

    /** A stable stamp of another hash: the slot holds some other object (or nothing). */
    private static boolean provesAbsent(long stamp, int hash) {
        return (stamp & 1) == 0 && (int) (stamp >>> 32) != hash;
    }

    /**
     * The next odd version after {@code stamp}'s. Versions only grow, modulo 2^32: a stamp could only be mistaken
     * for an earlier one by a thread that stalls while its slot is written two billion times.
     */
    private static long nextOdd(long stamp) {
        long v = stamp & VERSION;
        return ((v & 1) == 0 ? v + 1 : v + 2) & VERSION;
    }

    static int index(int h) {
        return (h ^ (h >>> 16)) & MASK;
    }
}
