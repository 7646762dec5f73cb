package dev.costagent.agent.cli;

import java.util.function.Consumer;

/**
 * Where the commands read runs from. One pass, streamed: a history of any length is read without holding it.
 *
 * <p>A folder of {@code cost_report.json} and {@code cost_log.json} with its archives ({@link CostFiles}), read
 * through the agent's own history reader ({@link HistorySource}); or a scope's ledger in a fleet store
 * ({@link StoreSource}).
 */
interface RunSource {

    /**
     * Hands every run to {@code eachRun}, oldest first, each run once, then returns the cumulative totals.
     *
     * @throws CliException when what is read is not a cost log
     */
    CumulativeView scan(Consumer<RunView> eachRun) throws CliException;

    /**
     * As {@link #scan}, but each run may come without its groups (stages, models, providers, operations, unpriced
     * models, warnings: empty) where that reads less: for what lists runs.
     */
    default CumulativeView scanSummaries(Consumer<RunView> eachRun) throws CliException {
        return scan(eachRun);
    }

    /** The run with this id, or null when it was not recorded. */
    RunView find(String runId) throws CliException;

    /** The run of this run's {@code cost_report.json}, when there is one: the most detailed view of the last run. */
    RunView latestReport() throws CliException;

    /** What to call this source in messages (a path, or a store and scope). */
    String describe();
}
