package dev.costagent.agent.cli;

import dev.costagent.agent.store.StoreHistory;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * The runs of a scope's ledger in a fleet store ({@link StoreHistory}), read as a folder's are
 * ({@link HistorySource}). A scope with no run is bad input: the store cannot tell a scope that never ran from a
 * mistyped name, and both would otherwise print an empty history.
 */
final class StoreSource implements RunSource {

    private final StoreHistory history;
    private final HistorySource runs;

    StoreSource(StoreHistory history) {
        this.history = history;
        this.runs = new HistorySource(history.describe(), history, null);
    }

    @Override
    public CumulativeView scan(Consumer<RunView> eachRun) throws CliException {
        long[] seen = {0};
        CumulativeView c = runs.scan(r -> {
            seen[0]++;
            eachRun.accept(r);
        });
        if (seen[0] == 0) {
            throw noRuns();
        }
        return c;
    }

    /** A run that is not there in an empty scope is the scope's fault: said as a scan of it would say it. */
    @Override
    public RunView find(String runId) throws CliException {
        RunView r = runs.find(runId);
        if (r == null && empty()) {
            throw noRuns();
        }
        return r;
    }

    /** Reads the ledger's first entry at most. */
    private boolean empty() throws CliException {
        try {
            return history.scan(run -> false).runs() == 0;
        } catch (IOException e) {
            throw new CliException(e.getMessage(), e);
        }
    }

    private CliException noRuns() {
        return new CliException("no runs in scope " + history.name() + " at " + history.store());
    }

    /** A store keeps no {@code cost_report.json}: the last run is the ledger's last entry. */
    @Override
    public RunView latestReport() {
        return null;
    }

    @Override
    public String describe() {
        return history.describe();
    }
}
