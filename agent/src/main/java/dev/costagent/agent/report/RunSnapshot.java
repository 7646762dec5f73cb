package dev.costagent.agent.report;

import dev.costagent.agent.value.Totals;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything the report and the log entry of a run say, fixed at one moment.
 *
 * @param budgetUsd null without a budget
 * @param unpriced  unknown models' totals (their cost is zero)
 */
public record RunSnapshot(String runId, String workflow, Instant startedAt, Instant endedAt, String status,
                          BigDecimal budgetUsd, Totals totals, Map<String, Totals> stages, Map<String, Totals> models,
                          Map<String, Totals> providers, Map<String, Totals> operations, Map<String, Totals> unpriced,
                          long unmeteredCalls, List<String> warnings) {
}
