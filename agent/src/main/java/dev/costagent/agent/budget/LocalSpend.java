package dev.costagent.agent.budget;

import dev.costagent.agent.ledger.CostLedger;

/** The budget checked against this run's own total. */
final class LocalSpend implements SpendSource {

    private final CostLedger ledger;

    LocalSpend(CostLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public long spentPicos() {
        return ledger.totalPicos();
    }
}
