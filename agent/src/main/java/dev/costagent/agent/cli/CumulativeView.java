package dev.costagent.agent.cli;

import dev.costagent.agent.report.history.CumulativeTotals;
import dev.costagent.agent.value.Money;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cumulative totals as the commands show them, in picodollars: the history's {@link CumulativeTotals} (the
 * {@code cumulative} object of {@code cost_log.json}: every run ever recorded, archived runs included).
 *
 * @param stages    stage to spend
 * @param models    model to spend
 * @param workflows workflow to spend
 */
record CumulativeView(long runs, long totalPicos, Map<String, Long> stages, Map<String, Long> models,
                  Map<String, Long> workflows) {

    static final CumulativeView NONE = new CumulativeView(0, 0, Map.of(), Map.of(), Map.of());

    static CumulativeView of(CumulativeTotals c) {
        return new CumulativeView(c.runs(), Money.picos(c.totalUsd()), picos(c.stages()), picos(c.models()),
                picos(c.workflows()));
    }

    private static Map<String, Long> picos(Map<String, BigDecimal> usd) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Map.Entry<String, BigDecimal> e : usd.entrySet()) {
            out.put(e.getKey(), Money.picos(e.getValue()));
        }
        return out;
    }
}
