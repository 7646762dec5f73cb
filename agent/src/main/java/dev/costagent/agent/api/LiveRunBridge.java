package dev.costagent.agent.api;

import java.math.BigDecimal;

/**
 * Serves {@code dev.costagent.CostAgent}, which finds this class by name and calls its static methods through
 * method handles, so the public API jar needs no dependency on the agent.
 *
 * <p>Thread-safety: the run is a volatile field set once at install.
 */
public final class LiveRunBridge {

    private static volatile LiveRun run;

    private LiveRunBridge() {
    }

    public static void install(LiveRun r) {
        run = r;
    }

    public static boolean isAttached() {
        return run != null;
    }

    public static BigDecimal runningCostUsd() {
        LiveRun r = run;
        return r == null ? BigDecimal.ZERO : r.runningCostUsd();
    }

    /** The budget, or null. */
    public static BigDecimal budgetUsd() {
        LiveRun r = run;
        return r == null ? null : r.budgetUsd();
    }

    public static void recordCost(String operation, BigDecimal usd) {
        LiveRun r = run;
        if (r != null) {
            r.recordCost(operation, usd);
        }
    }
}
