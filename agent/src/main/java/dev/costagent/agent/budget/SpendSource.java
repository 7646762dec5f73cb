package dev.costagent.agent.budget;

import dev.costagent.agent.ledger.CostLedger;

/**
 * What the budget is checked against at a stage boundary. By default this run's own total ({@link #of}); a fleet
 * store puts a shared scope's total in its place, read fresh at each boundary.
 *
 * <p>Called on the program's thread at stage boundaries only, and only when a budget is set. An implementation
 * may make one bounded round trip; it must never throw and never wait without bound: when it cannot know better, it
 * answers with the last total it knew plus what this run spent since.
 */
public interface SpendSource {

    /** The amount spent that counts against the budget now, in picodollars; never negative. */
    long spentPicos();

    /** This run's own total, from its ledger. */
    static SpendSource of(CostLedger ledger) {
        return new LocalSpend(ledger);
    }
}
