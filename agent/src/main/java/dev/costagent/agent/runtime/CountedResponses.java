package dev.costagent.agent.runtime;

import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The responses counted most recently, by identity, so that the same object reaching a second layer (a tracked
 * method returning what an SDK hook or another tracked method already counted) adds nothing.
 *
 * <p>A fixed table of {@value #SLOTS} weak slots indexed by identity hash, not a growing map: per call it costs one
 * small short-lived object and a compare-and-set, and nothing the garbage collector must trace call after call.
 * The price is that it remembers recent responses only: a slot is reused by a later response with the same index.
 * That is enough, because the layers that hand the same response on do so at once (nested calls, which the call
 * frames count exactly anyway, and a wrapper returning what it just received).
 *
 * <p>Identity, not {@code equals}: SDK response classes compare by value, and two identical responses from
 * two real calls are two costs.
 *
 * <p>Thread-safety: safe; {@link #add} is atomic per slot.
 */
final class CountedResponses {

    static final int SLOTS = 4096;
    private static final int MASK = SLOTS - 1;

    private final AtomicReferenceArray<WeakReference<Object>> slots = new AtomicReferenceArray<>(SLOTS);

    /** Adds the response; false when it is already in the table. */
    boolean add(Object response) {
        int i = index(response);
        WeakReference<Object> mine = null;
        while (true) {
            WeakReference<Object> current = slots.get(i);
            if (current != null && current.get() == response) {
                return false;
            }
            if (mine == null) {
                mine = new WeakReference<>(response);
            }
            if (slots.compareAndSet(i, current, mine)) {
                return true;
            }
        }
    }

    boolean contains(Object response) {
        WeakReference<Object> current = slots.get(index(response));
        return current != null && current.get() == response;
    }

    /** How many slots hold a live response (tests). */
    int size() {
        int n = 0;
        for (int i = 0; i < SLOTS; i++) {
            WeakReference<Object> r = slots.get(i);
            if (r != null && r.get() != null) {
                n++;
            }
        }
        return n;
    }

    private static int index(Object response) {
        int h = System.identityHashCode(response);
        return (h ^ (h >>> 16)) & MASK;
    }
}
