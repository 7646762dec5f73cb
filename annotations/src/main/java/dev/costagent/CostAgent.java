package dev.costagent;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * The live run, seen from the program's side.
 *
 * <p>Every method is safe to call with or without the agent. Without it the run is not attached, has spent
 * zero, has no budget, and {@link #recordCost} does nothing.
 *
 * <p>Thread-safety: all methods may be called from any thread at any time.
 */
public final class CostAgent {

    /** The agent-side class that serves these calls; found by name so this jar depends on nothing. */
    private static final String BRIDGE = "dev.costagent.agent.api.LiveRunBridge";

    private CostAgent() {
    }

    /**
     * Whether the cost agent is running in this JVM.
     *
     * @return {@code true} when the agent is installed and recording
     */
    public static boolean isAttached() {
        Bridge b = Bridge.INSTANCE;
        if (b == null) {
            return false;
        }
        try {
            return (boolean) b.isAttached.invokeExact();
        } catch (Throwable t) {
            return false;
        }
    }

    /**
     * What the run has spent so far, on every call the agent has priced plus every {@link #recordCost}.
     *
     * @return US dollars, exact; zero without the agent
     */
    public static BigDecimal runningCostUsd() {
        Bridge b = Bridge.INSTANCE;
        if (b == null) {
            return BigDecimal.ZERO;
        }
        try {
            return (BigDecimal) b.runningCostUsd.invokeExact();
        } catch (Throwable t) {
            return BigDecimal.ZERO;
        }
    }

    /**
     * The run's budget.
     *
     * @return the budget in US dollars, or empty when no budget is set or the agent is not attached
     */
    public static Optional<BigDecimal> budgetUsd() {
        Bridge b = Bridge.INSTANCE;
        if (b == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable((BigDecimal) b.budgetUsd.invokeExact());
        } catch (Throwable t) {
            return Optional.empty();
        }
    }

    /**
     * Records the cost of a priced call the agent cannot see (a paid search API, an image service, ...). The
     * cost is attributed to the innermost active {@link PipelineStage} of the calling thread, like any call,
     * and counts towards the budget, which is checked at the next stage boundary.
     *
     * @param operation the operation name to report it under; not null or blank
     * @param usd       the cost in US dollars; not null, not negative
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if the operation is blank or the cost negative
     */
    public static void recordCost(String operation, BigDecimal usd) {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(usd, "usd");
        if (operation.isBlank()) {
            throw new IllegalArgumentException("operation must not be blank");
        }
        if (usd.signum() < 0) {
            throw new IllegalArgumentException("usd must not be negative: " + usd);
        }
        Bridge b = Bridge.INSTANCE;
        if (b == null) {
            return;
        }
        try {
            b.recordCost.invokeExact(operation, usd);
        } catch (Throwable t) {
            // The agent logs and counts its own faults; nothing reaches the caller.
        }
    }

    /** Method handles on the agent's bridge, resolved once; {@code INSTANCE} is null without the agent. */
    private static final class Bridge {
        static final Bridge INSTANCE = find();

        final MethodHandle isAttached;
        final MethodHandle runningCostUsd;
        final MethodHandle budgetUsd;
        final MethodHandle recordCost;

        private Bridge(Class<?> bridge) throws ReflectiveOperationException {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            isAttached = lookup.findStatic(bridge, "isAttached", MethodType.methodType(boolean.class));
            runningCostUsd = lookup.findStatic(bridge, "runningCostUsd", MethodType.methodType(BigDecimal.class));
            budgetUsd = lookup.findStatic(bridge, "budgetUsd", MethodType.methodType(BigDecimal.class));
            recordCost = lookup.findStatic(bridge, "recordCost",
                    MethodType.methodType(void.class, String.class, BigDecimal.class));
        }

        private static Bridge find() {
            try {
                ClassLoader loader = CostAgent.class.getClassLoader();
                return new Bridge(Class.forName(BRIDGE, true, loader));
            } catch (ReflectiveOperationException | LinkageError | SecurityException e) {
                return null;
            }
        }
    }
}
