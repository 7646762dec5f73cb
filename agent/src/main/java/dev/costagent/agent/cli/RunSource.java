package dev.costagent.agent.cli;

import java.util.function.Consumer;

/**
 * Where the commands read runs from. One pass, streamed: a log of any length is read without holding it.
 *
 * <p>Today a folder of {@code cost_report.json} and {@code cost_log.json} ({@link CostFiles}); the agent's own
 * history reader, and the fleet store, plug in behind this same interface.
 */
interface RunSource {

    /**
     * Hands every run to {@code eachRun}, oldest first, each run once, then returns the cumulative totals.
     *
     * @throws CliException when what is read is not a cost log
     */
    Cumulative scan(Consumer<RunView> eachRun) throws CliException;

    /**
     * As {@link #scan}, but each run without its groups (stages, models, providers, operations, warnings: empty),
     * for what lists runs: much less to read per run.
     */
    Cumulative scanSummaries(Consumer<RunView> eachRun) throws CliException;

    /** The run of this run's {@code cost_report.json}, when there is one: the most detailed view of the last run. */
    RunView latestReport() throws CliException;

    /** What to call this source in messages (a path). */
    String describe();
}
