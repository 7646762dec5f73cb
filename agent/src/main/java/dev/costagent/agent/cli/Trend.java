package dev.costagent.agent.cli;

import dev.costagent.agent.report.text.UsageTable;
import dev.costagent.agent.value.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;

/**
 * The cost of the newest run against the median cost of the runs of its workflow before it.
 *
 * @param medianUsd exact: the middle run's cost, or the mean of the two middle ones
 */
record Trend(String runId, String workflow, long costPicos, int previousRuns, BigDecimal medianUsd) {

    /** The trend of the last of {@code costs} (the costs of one workflow's runs, oldest first), or null without one. */
    static Trend of(String runId, String workflow, long[] costs, int count) {
        if (count == 0) {
            return null;
        }
        long last = costs[count - 1];
        int previous = count - 1;
        if (previous == 0) {
            return new Trend(runId, workflow, last, 0, null);
        }
        long[] sorted = Arrays.copyOf(costs, previous);
        Arrays.sort(sorted);
        BigDecimal median = previous % 2 == 1 ? Money.usd(sorted[previous / 2])
                : Money.usd(sorted[previous / 2 - 1]).add(Money.usd(sorted[previous / 2]))
                        .divide(BigDecimal.valueOf(2)).stripTrailingZeros();
        return new Trend(runId, workflow, last, previous, median.scale() < 0 ? median.setScale(0) : median);
    }

    /** The change against the median as a percentage to one decimal, or null when the median is zero. */
    BigDecimal changePercent() {
        if (medianUsd == null || medianUsd.signum() == 0) {
            return null;
        }
        return Money.usd(costPicos).subtract(medianUsd).multiply(BigDecimal.valueOf(100))
                .divide(medianUsd, 1, RoundingMode.HALF_UP);
    }

    String line() {
        String run = "the last run (" + runId + ", $" + UsageTable.usd(costPicos) + ")";
        String of = workflow == null ? "" : " of " + workflow;
        if (previousRuns == 0) {
            return "Trend: " + run + " is the first run" + of + "; nothing to compare with yet.";
        }
        String against = "the median $" + medianUsd.toPlainString() + " of the " + previousRuns + " previous run"
                + (previousRuns == 1 ? "" : "s") + of;
        BigDecimal change = changePercent();
        if (change == null) {
            return "Trend: " + run + " against " + against + ".";
        }
        int sign = change.signum();
        String how = sign == 0 ? "level with" : change.abs().toPlainString() + "% " + (sign > 0 ? "above" : "below");
        return "Trend: " + run + " is " + how + " " + against + ".";
    }
}
