package dev.costagent.agent.usage;

import java.util.Map;

/** A tree of {@code java.util.Map}s with string keys, as JSON libraries and hand-written clients produce. */
// Thread-safety: stateless.
final class MapTreeAccess implements TreeAccess {

    static final MapTreeAccess INSTANCE = new MapTreeAccess();

    private MapTreeAccess() {
    }

    @Override
    public Object member(Object node, String name) {
        if (!(node instanceof Map<?, ?> map)) {
            return null;
        }
        try {
            return map.get(name);
        } catch (ClassCastException notStringKeyed) {
            // Map.get's documented answer for a key of the wrong type (a TreeMap of Integers): no such member.
            return null;
        }
    }

    @Override
    public boolean isObject(Object node) {
        return node instanceof Map;
    }

    @Override
    public boolean isPresent(Object node) {
        return node != null;
    }

    @Override
    public long count(Object node) {
        return TokenNormaliser.count(node);
    }

    @Override
    public String text(Object node) {
        return node instanceof CharSequence text ? text.toString() : null;
    }
}
