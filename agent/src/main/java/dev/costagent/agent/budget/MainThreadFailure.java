package dev.costagent.agent.budget;

import dev.costagent.BudgetExceededException;

/**
 * Marks the run failed when the program's main thread ends with an uncaught exception, stage or no stage: a
 * program whose {@code main} threw did not complete, whether the exception came out of a stage or from code
 * between stages. The budget's own exception leaves the status {@code budget_exceeded}.
 *
 * <p>It sits in front of the handler the thread had (normally its thread group, which prints the familiar
 * {@code Exception in thread "main"} trace) and hands every exception on to it unchanged. The JVM runs it before
 * the shutdown hooks, so the report written at exit already says {@code failed}. A program that sets its own
 * handler on the main thread replaces this one; its runs are then reported by the stage rule alone.
 *
 * <p>Thread-safety: the handler only sets the guard's volatile flag.
 */
public final class MainThreadFailure implements Thread.UncaughtExceptionHandler {

    private final BudgetGuard guard;
    private final Thread.UncaughtExceptionHandler next;

    private MainThreadFailure(BudgetGuard guard, Thread.UncaughtExceptionHandler next) {
        this.guard = guard;
        this.next = next;
    }

    /** Watches {@code main}, which must still be running (the agent's {@code premain} runs on it). */
    public static void watch(Thread main, BudgetGuard guard) {
        Thread.UncaughtExceptionHandler next = main.getUncaughtExceptionHandler();
        if (next != null) {
            main.setUncaughtExceptionHandler(new MainThreadFailure(guard, next));
        }
    }

    @Override
    public void uncaughtException(Thread t, Throwable e) {
        if (!(e instanceof BudgetExceededException)) {
            guard.markFailed();
        }
        next.uncaughtException(t, e);
    }
}
