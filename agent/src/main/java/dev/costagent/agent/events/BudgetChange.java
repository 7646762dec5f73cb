package dev.costagent.agent.events;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A change of the budget while the program ran.
 *
 * @param from the budget before, or null for none
 * @param to   the budget after, or null for none
 * @param by   who changed it ({@code jmx}, ...)
 */
public record BudgetChange(Instant at, BigDecimal from, BigDecimal to, String by) {
}
