package dev.costagent.agent.events;

import java.math.BigDecimal;

/**
 * The budget's stop: which stage's boundary crossed which budget, and what had been spent then.
 *
 * @param spentPicos what counted against the budget (this run's total, or a fleet scope's)
 */
public record BudgetStop(String stage, long spentPicos, BigDecimal budgetUsd) {
}
