package dev.costagent.agent.store;

import java.util.List;

/**
 * The Redis keys of one scope (or of one workflow, for runs without a scope). Each carries the scope's name as a
 * Redis Cluster hash tag, {@code costagent:{nightly}:total}, so that all of them live in one slot and one script
 * can update them together.
 *
 * <ul>
 *   <li>{@code total}: a string, the scope's spend in whole picodollars ({@code INCRBY});</li>
 *   <li>{@code runs}: a hash, run id to the sequence number of the last batch of that run added to the total, so
 *       that a batch sent again is not added twice;</li>
 *   <li>{@code ended}: a set of the run ids whose ledger entry is in {@code ledger}, so an entry is added once;</li>
 *   <li>{@code ledger}: a stream, one entry per finished run, field {@code run}: the run as a
 *       {@code cost_log.json} entry (JSON), oldest first.</li>
 * </ul>
 */
public record ScopeKeys(String name) {

    public String total() {
        return prefix() + "total";
    }

    public String runs() {
        return prefix() + "runs";
    }

    public String ended() {
        return prefix() + "ended";
    }

    public String ledger() {
        return prefix() + "ledger";
    }

    /** The keys in the order the push script takes them. */
    public List<String> all() {
        return List.of(total(), runs(), ended(), ledger());
    }

    private String prefix() {
        return "costagent:{" + name + "}:";
    }
}
