package dev.costagent.demo;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fake server's prompt cache: it remembers which prompt prefixes each model has seen. Entries never expire.
 */
final class FakePromptCache {

    // Thread-safety: a concurrent set; of several requests racing on a new prefix exactly one sees it first.
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    /**
     * Marks a prefix as seen.
     *
     * @return true if this call is the first to see it (a cache write, or an OpenAI miss), false if it was cached
     */
    boolean firstSight(String provider, String model, String prefix) {
        return seen.add(provider + '\u0000' + model + '\u0000' + prefix);
    }

    void clear() {
        seen.clear();
    }
}
