package dev.costagent.agent.calls;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Values keyed by an object's identity, holding the key weakly: what the agent remembers about a call in flight
 * (a per-call attributes map, a stream returned and not yet read) never keeps the program's objects alive, and
 * entries whose key was collected (a stream never read) are dropped as new ones arrive.
 *
 * <p>Thread-safety: safe.
 */
final class WeakIdentityMap<V> {

    private final ConcurrentHashMap<Ref, V> entries = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();

    void put(Object key, V value) {
        expunge();
        entries.put(new Ref(key, collected), value);
    }

    V get(Object key) {
        return key == null ? null : entries.get(new Ref(key, null));
    }

    V remove(Object key) {
        return key == null ? null : entries.remove(new Ref(key, null));
    }

    private void expunge() {
        Object r;
        while ((r = collected.poll()) != null) {
            entries.remove(r);
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
