package dev.costagent;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * Thrown at a {@link PipelineStage} boundary when the run's spending is strictly greater than its budget.
 *
 * <p>It is the only exception the cost agent ever throws into a program. It is thrown by the stage method
 * that crossed the budget (after the stage has run, instead of returning) and by every stage entered after
 * that (before the stage runs). By the time it is thrown, {@code cost_report.json} (status
 * {@code budget_exceeded}) and the run's entry in {@code cost_log.json} have been written.
 */
public class BudgetExceededException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final BigDecimal spentUsd;
    private final BigDecimal budgetUsd;
    private final String stage;

    /**
     * Creates the exception.
     *
     * @param spentUsd  what the run had spent when the budget was found exceeded, in US dollars
     * @param budgetUsd the run's budget, in US dollars
     * @param stage     the stage whose boundary found the budget exceeded
     */
    public BudgetExceededException(BigDecimal spentUsd, BigDecimal budgetUsd, String stage) {
        super(message(spentUsd, budgetUsd, stage));
        this.spentUsd = Objects.requireNonNull(spentUsd, "spentUsd");
        this.budgetUsd = Objects.requireNonNull(budgetUsd, "budgetUsd");
        this.stage = Objects.requireNonNull(stage, "stage");
    }

    /**
     * What the run had spent when the budget was found exceeded.
     *
     * @return US dollars, exact
     */
    public BigDecimal spentUsd() {
        return spentUsd;
    }

    /**
     * The run's budget.
     *
     * @return US dollars, as configured
     */
    public BigDecimal budgetUsd() {
        return budgetUsd;
    }

    /**
     * The stage at whose boundary the budget was found exceeded.
     *
     * @return the stage name
     */
    public String stage() {
        return stage;
    }

    /**
     * Formats the message, e.g. {@code Budget exceeded: spent $0.5123456 of $0.50 limit (after stage 'critique')}.
     * The spent amount is exact, as {@code cost_report.json} and the stage lines hold it (a plain decimal without
     * trailing zeros, never in exponent form), so that every place a person reads shows the same figure. The
     * budget is shown as configured, with at least two decimals.
     */
    private static String message(BigDecimal spent, BigDecimal budget, String stage) {
        BigDecimal shownSpent = spent == null ? BigDecimal.ZERO : spent.stripTrailingZeros();
        if (shownSpent.scale() < 0) {
            shownSpent = shownSpent.setScale(0, RoundingMode.UNNECESSARY);
        }
        BigDecimal shownBudget = budget == null ? BigDecimal.ZERO : budget;
        if (shownBudget.scale() < 2) {
            shownBudget = shownBudget.setScale(2, RoundingMode.UNNECESSARY);
        }
        return "Budget exceeded: spent $" + shownSpent.toPlainString() + " of $" + shownBudget.toPlainString()
                + " limit (after stage '" + stage + "')";
    }
}
