package dev.costagent.agent.store;

import com.fasterxml.jackson.core.JsonParser;
import dev.costagent.agent.report.RunSnapshotJson;
import dev.costagent.agent.report.RunSnapshotReader;
import dev.costagent.agent.report.RunSnapshotReader.RunRecord;
import dev.costagent.agent.store.redis.RedisStoreClient;
import java.io.IOException;
import java.time.Duration;

/**
 * A scope's ledger as the store keeps it: every finished run of the scope (or, for runs without a scope, of the
 * workflow) as its {@code cost_log.json} entry, oldest first, read back as {@link RunRecord}s. For the reports and
 * the command line, which read a fleet's history from the store as they read a folder's.
 */
public final class ScopeLedger {

    /** Receives the runs one at a time. */
    @FunctionalInterface
    public interface Runs {
        void run(RunRecord run) throws IOException;
    }

    private final StoreUrl url;
    private final Duration timeout;

    public ScopeLedger(StoreUrl url, Duration timeout) {
        this.url = url;
        this.timeout = timeout;
    }

    /** With the store and timeout of the settings. */
    public ScopeLedger(StoreSettings settings) {
        this(settings.url(), settings.timeout());
    }

    /**
     * Streams the ledger of {@code name} (a scope, or a workflow's name), oldest first, a page at a time.
     *
     * @throws StoreException when the store cannot be read
     * @throws IOException    when an entry is not a run ({@link RunSnapshotReader.MalformedRun}), or {@code into}
     *                        throws
     */
    public void read(String name, Runs into) throws StoreException, IOException {
        StoreConnection c = new RedisStoreClient(url, timeout).open();
        try {
            c.readLedger(new ScopeKeys(name), (id, json) -> {
                try (JsonParser p = RunSnapshotJson.JSON.createParser(json)) {
                    p.nextToken();
                    RunRecord r;
                    try {
                        r = RunSnapshotReader.read(p);
                    } catch (RunSnapshotReader.MalformedRun e) {
                        throw new RunSnapshotReader.MalformedRun("ledger entry " + id + " of " + name + " in "
                                + url.shown() + ": " + e.getMessage());
                    }
                    into.run(r);
                }
            });
        } finally {
            c.close();
        }
    }
}
