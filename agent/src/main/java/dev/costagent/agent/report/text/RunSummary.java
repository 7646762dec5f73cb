package dev.costagent.agent.report.text;

import dev.costagent.agent.value.Money;
import dev.costagent.agent.value.Totals;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The short summary the agent prints on standard error at the end of a run: the per-stage table of the CLI's
 * {@code report}, and a line with the budget used and what remains of it.
 *
 * <p>No lambdas or streams (see {@link TextTable}).
 */
public final class RunSummary {

    private RunSummary() {
    }

    /**
     * The summary's lines, without a prefix or line terminators.
     *
     * @param budgetUsd null without a budget
     */
    public static List<String> lines(Map<String, Totals> stages, Totals run, BigDecimal budgetUsd) {
        List<String> out = new ArrayList<>();
        if (stages.isEmpty()) {
            out.add("No LLM call was recorded.");
        } else {
            out.addAll(UsageTable.lines("Stage", stages, run));
        }
        out.add(budgetLine(run.picos(), budgetUsd));
        return out;
    }

    /**
     * {@code Budget $5: used $0.0186224 (0.4%), remaining $4.9813776}; over the budget, {@code remaining $0} and by
     * how much it was exceeded.
     *
     * @param budgetUsd null without a budget
     */
    public static String budgetLine(long spentPicos, BigDecimal budgetUsd) {
        String spent = UsageTable.usd(spentPicos);
        if (budgetUsd == null) {
            return "No budget: spent $" + spent;
        }
        BigDecimal budget = budgetUsd.stripTrailingZeros();
        String budgetText = (budget.scale() < 0 ? budget.setScale(0) : budget).toPlainString();
        BigDecimal left = budgetUsd.subtract(Money.usd(spentPicos));
        String used = budgetUsd.signum() == 0 ? "" : " (" + percent(Money.usd(spentPicos), budgetUsd) + ")";
        if (left.signum() >= 0) {
            return "Budget $" + budgetText + ": used $" + spent + used + ", remaining $" + plain(left);
        }
        return "Budget $" + budgetText + ": used $" + spent + used + ", remaining $0 (over by $" + plain(left.negate())
                + ")";
    }

    private static String percent(BigDecimal part, BigDecimal whole) {
        return part.multiply(BigDecimal.valueOf(100)).divide(whole, 1, java.math.RoundingMode.HALF_UP).toPlainString()
                + "%";
    }

    private static String plain(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        return (s.scale() < 0 ? s.setScale(0) : s).toPlainString();
    }
}
