package dev.costagent.agent.api;

import dev.costagent.agent.budget.BudgetGuard;
import dev.costagent.agent.ledger.CostLedger;
import dev.costagent.agent.ledger.CostRecorder;
import dev.costagent.agent.log.Faults;
import dev.costagent.agent.stage.StageTracker;
import dev.costagent.agent.value.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The run as the program's own calls to {@code dev.costagent.CostAgent} see it: the cost so far, the budget, and
 * costs the program reports itself.
 *
 * <p>Thread-safety: safe; everything it reads is lock-free.
 */
public final class LiveRun {

    private final CostRecorder recorder;
    private final CostLedger ledger;
    private final BudgetGuard guard;
    private final StageTracker stages;
    private final Faults faults;

    public LiveRun(CostRecorder recorder, CostLedger ledger, BudgetGuard guard, StageTracker stages, Faults faults) {
        this.recorder = recorder;
        this.ledger = ledger;
        this.guard = guard;
        this.stages = stages;
        this.faults = faults;
    }

    /** {@code CostAgent.recordCost}: a cost the program reports itself, attributed to the current stage. */
    public void recordCost(String operation, BigDecimal usd) {
        try {
            // Finer than a picodollar is rounded up: a reported cost is never shown as less than it was.
            recorder.recordCost(operation, Money.picos(usd.setScale(12, RoundingMode.CEILING)), stages.current());
        } catch (Throwable t) {
            faults.report("CostAgent.recordCost", t);
        }
    }

    public BigDecimal runningCostUsd() {
        return Money.usd(ledger.totalPicos());
    }

    public BigDecimal budgetUsd() {
        return guard.budgetUsd();
    }
}
