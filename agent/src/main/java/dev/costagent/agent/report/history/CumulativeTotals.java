package dev.costagent.agent.report.history;

import java.math.BigDecimal;
import java.util.Map;

/**
 * The {@code cumulative} object of {@code cost_log.json}: every run ever recorded in the folder, archived or not,
 * exactly as the file holds it (plain decimals of US dollars, never rounded).
 *
 * @param runs      how many runs there are, in the log and its archives
 * @param totalUsd  what they spent together
 * @param stages    stage name to spend, in the order the names first appeared
 * @param models    model to spend
 * @param workflows workflow to spend
 */
public record CumulativeTotals(long runs, BigDecimal totalUsd, Map<String, BigDecimal> stages,
                               Map<String, BigDecimal> models, Map<String, BigDecimal> workflows) {

    /** A folder where no run was recorded yet. */
    public static final CumulativeTotals NONE = new CumulativeTotals(0, BigDecimal.ZERO, Map.of(), Map.of(), Map.of());
}
