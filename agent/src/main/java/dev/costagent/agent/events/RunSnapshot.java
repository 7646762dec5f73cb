package dev.costagent.agent.events;

import dev.costagent.agent.value.Totals;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything the report and the log entry of a run say, fixed at one moment. The maps list names in the order they
 * first spent in the run.
 *
 * @param budgetUsd     the budget in force at the end, null without one
 * @param budgetChanges the changes made to the budget while the program ran (empty when it is as configured)
 * @param unpriced      unknown models' totals (their cost is zero)
 * @param sections      what integrations add to the report ({@code scope} of a fleet store), by field name, as JSON
 *                      values: {@code Map} (in order), {@code List}, {@code String}, {@code BigDecimal},
 *                      {@code Long}/{@code Integer}, {@code Boolean} or null
 */
public record RunSnapshot(String runId, String workflow, Instant startedAt, Instant endedAt, String status,
                          BigDecimal budgetUsd, List<BudgetChange> budgetChanges, Totals totals,
                          Map<String, Totals> stages, Map<String, Totals> models, Map<String, Totals> providers,
                          Map<String, Totals> operations, Map<String, Totals> unpriced, long unmeteredCalls,
                          List<String> warnings, Map<String, Object> sections) {
}
