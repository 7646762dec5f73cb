package dev.costagent.agent.export;

import dev.costagent.agent.budget.BudgetGuard;
import dev.costagent.agent.budget.RunStatus;
import dev.costagent.agent.integration.IntegrationContext;
import dev.costagent.agent.ledger.CostLedger;
import dev.costagent.agent.value.Money;
import java.math.BigDecimal;
import java.util.List;

/**
 * The live figures every export shows beside the ledger's cells: the budget, what remains of it, and the run's
 * status, which is {@code running} until the run ends and then what its report says.
 *
 * <p>Thread-safety: safe; read on the exporters' threads, {@link #ended} called once on the shutdown thread.
 */
public final class LiveFigures {

    /** Every status a run shows, in the order the exports list them. */
    public static final List<String> STATUSES = List.of("running", RunStatus.COMPLETED.json(),
            RunStatus.BUDGET_EXCEEDED.json(), RunStatus.FAILED.json());

    private final CostLedger ledger;
    private final BudgetGuard budget;
    private final String runId;
    private final IntegrationContext context;
    private volatile String ended;

    public LiveFigures(IntegrationContext context) {
        this.context = context;
        this.ledger = context.ledger();
        this.budget = context.budget();
        this.runId = context.snapshots().runId();
    }

    public CostLedger ledger() {
        return ledger;
    }

    public String runId() {
        return runId;
    }

    /** The workflow's name as it stands (the main class's simple name is known once {@code main} runs). */
    public String workflow() {
        String w = context.snapshots().workflow();
        return w == null ? "unknown" : w;
    }

    /** The budget in force, or null. */
    public BigDecimal budgetUsd() {
        return budget.budgetUsd();
    }

    /** The budget less what counts against it, in picodollars (negative once over it); null without a budget. */
    public Long remainingPicos() {
        BigDecimal b = budget.budgetUsd();
        if (b == null) {
            return null;
        }
        return Money.picos(b) - budget.spentPicos();
    }

    /** {@code running}, then the report's status once the run ended; a budget stop shows at once. */
    public String status() {
        String e = ended;
        if (e != null) {
            return e;
        }
        RunStatus s = budget.status();
        return s == RunStatus.COMPLETED ? "running" : s.json();
    }

    /** The run ended with this status (the report's). */
    public void ended(String status) {
        ended = status;
    }
}
