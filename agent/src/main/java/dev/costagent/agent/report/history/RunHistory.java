package dev.costagent.agent.report.history;

import dev.costagent.agent.report.RunSnapshotReader.RunRecord;
import java.io.IOException;
import java.util.Optional;

/**
 * Every run recorded somewhere, for the CLI's {@code history}, {@code diff} and {@code report}, and for anything else
 * that reads past runs: a folder of the agent's files ({@link FolderHistory}, archives included), or a fleet
 * store's ledger.
 *
 * <p>Runs are streamed, oldest first, each once: a history of any length is read without holding it.
 */
public interface RunHistory {

    /** Told each run in turn; returns false to stop early. */
    @FunctionalInterface
    interface RunVisitor {
        boolean visit(RunRecord run) throws IOException;
    }

    /**
     * Hands every run to {@code visitor}, oldest first, until it returns false.
     *
     * @return the cumulative totals as of the same moment as the runs read
     * @throws HistoryException when what is there is not a history this version reads (the message names the file)
     */
    CumulativeTotals scan(RunVisitor visitor) throws IOException;

    /**
     * As {@link #scan}, but the runs may come without their groups (stages, models, providers, operations, unpriced
     * models, warnings: empty) where leaving them unread is cheaper: for what lists runs.
     */
    default CumulativeTotals scanSummaries(RunVisitor visitor) throws IOException {
        return scan(visitor);
    }

    /** The run with this id, if it was recorded. */
    default Optional<RunRecord> find(String runId) throws IOException {
        RunRecord[] found = new RunRecord[1];
        scan(r -> {
            if (r.run().runId().equals(runId)) {
                found[0] = r;
                return false;
            }
            return true;
        });
        return Optional.ofNullable(found[0]);
    }

    /** The cumulative totals over every run recorded. */
    default CumulativeTotals cumulative() throws IOException {
        return scan(r -> false);
    }

    /** What to call this history in a message: a path, or a store and scope. */
    String describe();
}
