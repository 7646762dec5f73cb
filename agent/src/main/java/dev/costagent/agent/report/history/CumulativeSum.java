package dev.costagent.agent.report.history;

import dev.costagent.agent.events.RunSnapshot;

/**
 * Cumulative totals summed from runs one at a time, for a history that keeps no {@code cumulative} object of its
 * own (a fleet store's ledger): each run adds exactly what its entry adds to {@code cost_log.json}'s
 * {@code cumulative}, in exact decimals, so both histories total the same runs the same way.
 */
public final class CumulativeSum {

    private final Cumulative sum = Cumulative.empty();

    /** Adds one run: its count, its total, its stages, models and workflow. */
    public void add(RunSnapshot run) {
        sum.add(Contribution.of(run));
        sum.countRuns(1);
    }

    /** The totals of the runs added so far. */
    public CumulativeTotals totals() {
        return sum.totals();
    }
}
