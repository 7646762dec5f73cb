package dev.costagent.agent.store;

import java.io.IOException;

/** Receives a scope's ledger entries as the store holds them, oldest first. */
@FunctionalInterface
public interface LedgerEntries {

    /**
     * @param id   the entry's id in the store (a Redis stream id, {@code 1765000000000-0})
     * @param json the run, as a {@code cost_log.json} entry
     */
    void entry(String id, byte[] json) throws IOException;
}
