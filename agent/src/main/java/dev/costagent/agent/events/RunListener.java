package dev.costagent.agent.events;


/**
 * What happens in a run, as the agent's integrations hear it: the report writer, the fleet store, the metrics
 * exporters and JMX each listen here, and the core names none of them.
 *
 * <p>Every method is called on the thread where the event happens, and most of them on the program's own threads:
 * {@link #callRecorded} inside each priced call, {@link #stageEntered} and {@link #stageEnded} at each stage
 * boundary. A listener does there no more than add to a counter or offer to a bounded queue; I/O, locks held for
 * long and waiting belong to its own threads. A listener that throws is reported once and skipped, never the
 * program's problem ({@link RunEvents}).
 */
public interface RunListener {

    /**
     * Whether this listener wants {@link #callRecorded}: when no listener does, a call makes no event object at all.
     */
    default boolean wantsCalls() {
        return false;
    }

    /** A call's usage was read and priced (or found unpriced) and added to the ledger. */
    default void callRecorded(RecordedCall call) {
    }

    /** A stage began on the calling thread (and was not refused by the budget). */
    default void stageEntered(String stage) {
    }

    /** A stage ended on the calling thread, normally or by an exception. */
    default void stageEnded(StageEnded stage) {
    }

    /** A warning was raised (a call or the run over its warning threshold, an unknown model, ...). */
    default void warningRaised(String message) {
    }

    /** The budget stopped the run; called once, by the thread whose stage boundary crossed it. */
    default void budgetStopped(BudgetStop stop) {
    }

    /** The budget was changed while the program runs (for example over JMX). */
    default void budgetChanged(BudgetChange change) {
    }

    /**
     * The run is about to end (the JVM is shutting down): finish, within a bound of the listener's own, what must be
     * in the run's files, such as the last push to a store. Called on the shutdown thread before the final snapshot.
     */
    default void runEnding() {
    }

    /**
     * The run ended: {@code run} is what its files say. Called on the shutdown thread, in the order listeners were
     * registered; the report writer comes first.
     */
    default void runEnded(RunSnapshot run) {
    }
}
