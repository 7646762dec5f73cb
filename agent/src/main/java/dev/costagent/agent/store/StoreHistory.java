package dev.costagent.agent.store;

import dev.costagent.agent.report.RunSnapshotReader;
import dev.costagent.agent.report.history.CumulativeSum;
import dev.costagent.agent.report.history.CumulativeTotals;
import dev.costagent.agent.report.history.HistoryException;
import dev.costagent.agent.report.history.RunHistory;
import java.io.IOException;
import java.time.Duration;

/**
 * The history of one scope in a fleet store: its ledger ({@link ScopeLedger}), every finished run of the scope (or,
 * for runs without a scope, of the workflow of that name), oldest first, as the command line reads a folder's.
 *
 * <p>The store keeps no cumulative object beside the ledger, so the totals are summed from the runs read, by the
 * same rule as the log's ({@link CumulativeSum}). They count finished runs only: the scope's running total
 * ({@code costagent:{scope}:total}) also holds the spend of runs still going, or that ended without a ledger entry.
 * A scan stopped early stops reading the store; its totals are then those of the runs read, and
 * {@link #cumulative()} reads the whole ledger.
 */
public final class StoreHistory implements RunHistory {

    private final ScopeLedger ledger;
    private final StoreUrl url;
    private final String name;

    /**
     * @param name the scope, or the workflow whose runs without a scope are read
     */
    public StoreHistory(StoreUrl url, Duration timeout, String name) {
        this.ledger = new ScopeLedger(url, timeout);
        this.url = url;
        this.name = name;
    }

    /** The scope's name (or workflow's) whose ledger this reads. */
    public String name() {
        return name;
    }

    /** The store as messages show it, never with its password: {@code redis://cache:6379/0}. */
    public String store() {
        return url.shown();
    }

    @Override
    public CumulativeTotals scan(RunVisitor visitor) throws IOException {
        CumulativeSum sum = new CumulativeSum();
        try {
            ledger.read(name, r -> {
                sum.add(r.run());
                if (!visitor.visit(r)) {
                    throw new Stop();
                }
            });
        } catch (Stop stopped) {
            // The visitor has what it wanted: the rest of the ledger is not read.
        } catch (StoreException e) {
            throw new HistoryException(e.getMessage(), e);
        } catch (RunSnapshotReader.MalformedRun e) {
            throw new HistoryException(e.getMessage(), e);
        }
        return sum.totals();
    }

    @Override
    public CumulativeTotals cumulative() throws IOException {
        return scan(r -> true);
    }

    /** The store without its password, and the scope: {@code redis://cache:6379/0 scope nightly}. */
    @Override
    public String describe() {
        return url.shown() + " scope " + name;
    }

    @Override
    public String toString() {
        return "StoreHistory[" + describe() + "]";
    }

    /**
     * Ends the ledger's reading when the visitor has seen enough: {@link ScopeLedger#read} ends at the first
     * exception its receiver throws (closing its connection) and throws it on. Without a stack trace: it is not a
     * fault.
     */
    private static final class Stop extends IOException {
        private static final long serialVersionUID = 1L;

        Stop() {
            super("stopped");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
