package dev.costagent.agent.cli;

import dev.costagent.agent.events.RunSnapshot;
import dev.costagent.agent.report.RunSnapshotReader.RunRecord;
import dev.costagent.agent.value.Totals;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One run as the commands show it: a {@code cost_report.json}, or one entry of {@code cost_log.json}.
 *
 * <p>An entry written by an older version holds only the stage costs ({@code costs}): then {@code detailed} is
 * false, {@code stages} holds those costs with zero calls and tokens, and the other groups are empty.
 *
 * @param startedAt null when the file has none
 * @param endedAt   null when the file has none
 * @param budgetUsd null without a budget
 * @param totals    the run's figures; with {@code detailed} false, only its cost is known
 */
record RunView(String runId, String workflow, Instant startedAt, Instant endedAt, String status, BigDecimal budgetUsd,
               Totals totals, Map<String, Totals> stages, Map<String, Totals> models, Map<String, Totals> providers,
               Map<String, Totals> operations, Map<String, Totals> unpriced, long unmeteredCalls,
               List<String> warnings, boolean detailed) {

    /** A run as the agent's run reader read it (from a report, a log entry, an archive or a store's ledger). */
    static RunView of(RunRecord r) {
        RunSnapshot s = r.run();
        return new RunView(s.runId(), s.workflow(), s.startedAt(), s.endedAt(), s.status(), s.budgetUsd(), s.totals(),
                s.stages(), s.models(), s.providers(), s.operations(), s.unpriced(), s.unmeteredCalls(), s.warnings(),
                r.detailed());
    }

    long costPicos() {
        return totals.picos();
    }

    /** How long the run took, or null when a timestamp is missing. */
    Duration duration() {
        return startedAt == null || endedAt == null ? null : Duration.between(startedAt, endedAt);
    }
}
