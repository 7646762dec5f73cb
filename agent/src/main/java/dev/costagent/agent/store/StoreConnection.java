package dev.costagent.agent.store;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * One open connection to the store. Not thread-safe: its owner ({@link StoreLink}) uses it under a lock. The
 * implementation ({@code store.redis}) is the only code that names the Redis client's classes.
 */
public interface StoreConnection extends AutoCloseable {

    /**
     * One round trip: adds the batches of run {@code runId} that the store has not added yet to the scope's total,
     * adds the run's ledger entry unless it is there already, and returns the scope's total after that.
     *
     * @param batches in ascending order of their numbers; may be empty (the total is then only read)
     * @param entry   the run's ledger entry (a {@code cost_log.json} entry, JSON), or null
     * @param timeout how long to wait for the answer
     * @return the scope's total, in picodollars
     */
    long push(ScopeKeys keys, String runId, List<Batch> batches, byte[] entry, Duration timeout)
            throws StoreException;

    /**
     * Reads the scope's ledger, oldest first, handing each run's entry to {@code into}; an exception {@code into}
     * throws ends the reading and is thrown here.
     */
    void readLedger(ScopeKeys keys, LedgerEntries into) throws StoreException, IOException;

    /** Closes the connection; never throws. */
    @Override
    void close();
}
