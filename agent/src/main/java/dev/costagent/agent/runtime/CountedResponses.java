package dev.costagent.agent.runtime;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The responses already counted, by identity, so that the same object reaching a second layer (a tracked method
 * returning what an SDK hook or another tracked method already counted) adds nothing. Responses are held weakly:
 * the set never keeps a response alive, and entries of collected responses are dropped as new ones arrive.
 *
 * <p>Identity, not {@code equals}: SDK response classes compare by value, and two identical responses from
 * two real calls are two costs.
 *
 * <p>Thread-safety: safe; {@link #add} is atomic.
 */
final class CountedResponses {

    private final ConcurrentHashMap<Ref, Boolean> refs = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();

    /** Adds the response; false when it was already in the set. */
    boolean add(Object response) {
        expunge();
        return refs.putIfAbsent(new Ref(response, collected), Boolean.TRUE) == null;
    }

    boolean contains(Object response) {
        return refs.containsKey(new Ref(response, null));
    }

    int size() {
        expunge();
        return refs.size();
    }

    private void expunge() {
        Object r;
        while ((r = collected.poll()) != null) {
            refs.remove(r);
        }
    }

    private static final class Ref extends WeakReference<Object> {
        private final int hash;

        Ref(Object referent, ReferenceQueue<Object> queue) {
            super(referent, queue);
            this.hash = System.identityHashCode(referent);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            if (!(o instanceof Ref other)) {
                return false;
            }
            Object mine = get();
            return mine != null && mine == other.get();
        }
    }
}
