package dev.costagent.agent.api;

import dev.costagent.agent.runtime.AgentRuntime;
import java.math.BigDecimal;

/**
 * Serves {@code dev.costagent.CostAgent}, which finds this class by name and calls its static methods through
 * method handles, so the public API jar needs no dependency on the agent.
 *
 * <p>Thread-safety: the runtime is a volatile field set once at install.
 */
public final class LiveRunBridge {

    private static volatile AgentRuntime runtime;

    private LiveRunBridge() {
    }

    public static void install(AgentRuntime r) {
        runtime = r;
    }

    public static boolean isAttached() {
        return runtime != null;
    }

    public static BigDecimal runningCostUsd() {
        AgentRuntime r = runtime;
        return r == null ? BigDecimal.ZERO : r.runningCostUsd();
    }

    /** The budget, or null. */
    public static BigDecimal budgetUsd() {
        AgentRuntime r = runtime;
        return r == null ? null : r.budgetUsd();
    }

    public static void recordCost(String operation, BigDecimal usd) {
        AgentRuntime r = runtime;
        if (r != null) {
            r.recordCost(operation, usd);
        }
    }
}
