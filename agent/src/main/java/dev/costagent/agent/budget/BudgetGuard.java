package dev.costagent.agent.budget;

import dev.costagent.BudgetExceededException;
import dev.costagent.agent.ledger.CostLedger;
import dev.costagent.agent.stage.StageFrame;
import dev.costagent.agent.stage.StageTracker;
import dev.costagent.agent.value.Money;
import java.math.BigDecimal;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * The budget checks at stage boundaries (SPEC section 4) and the run's status.
 *
 * <p>Thread-safety: safe. The budget stop happens exactly once however many threads cross the budget at the
 * same moment: the first to win the compare-and-set logs it and writes the files; every later boundary sees the
 * stop and refuses.
 */
public final class BudgetGuard {

    /** The stop that happened: which stage crossed the budget and what had been spent. */
    public record Stop(String stage, long spentPicos) {
    }

    private final BigDecimal budgetUsd;
    private final long budgetPicos;
    private static final Consumer<Stop> NOTHING = new Consumer<>() {
        @Override
        public void accept(Stop s) {
        }
    };

    private final CostLedger ledger;
    private final StageTracker stages;
    private final Logger log;
    private final AtomicReference<Stop> stop = new AtomicReference<>();
    private volatile boolean failed;
    private volatile Consumer<Stop> onStop = NOTHING;

    /**
     * @param budgetUsd the budget, or null for none
     */
    public BudgetGuard(BigDecimal budgetUsd, CostLedger ledger, StageTracker stages, Logger log) {
        this.budgetUsd = budgetUsd;
        this.budgetPicos = budgetUsd == null ? Long.MAX_VALUE : Money.picos(budgetUsd);
        this.ledger = ledger;
        this.stages = stages;
        this.log = log;
    }

    /** What to do, once, when the budget stops the run (write the report and the log entry). */
    public void onStop(Consumer<Stop> action) {
        this.onStop = action;
    }

    public BigDecimal budgetUsd() {
        return budgetUsd;
    }

    /**
     * Called before a stage runs. Returns the frame of the started stage, or the exception to throw instead of
     * running it when the budget is already exceeded.
     */
    public Object enter(String stage) {
        if (budgetUsd != null) {
            long spent = ledger.totalPicos();
            Stop stopped = stop.get();
            if (stopped != null) {
                // Once stopped, always stopped: nothing the run does later (not even a total that reads lower
                // after an overflow) lets a stage run again.
                return programFacing(new BudgetExceededException(Money.usd(Math.max(spent, stopped.spentPicos())),
                        budgetUsd, stopped.stage()));
            }
            if (spent > budgetPicos) {
                // Spending outside any stage (or on other threads) may have crossed the budget with no stage
                // exit to notice: the refused entry is then the stop.
                Stop s = stopOnce(stage, spent);
                return programFacing(new BudgetExceededException(Money.usd(spent), budgetUsd, s.stage()));
            }
        }
        return stages.enter(stage);
    }

    /**
     * Called when a stage ends, normally ({@code thrown == null}) or not. Returns the exception the stage must
     * throw instead of returning, or null.
     */
    public BudgetExceededException exit(StageFrame frame, Throwable thrown) {
        stages.exit(frame);
        long total = ledger.totalPicos();
        if (log.isInfoEnabled()) {
            log.info("Stage '{}' cost ${} (running total ${})", frame.name(), Money.usd(frame.spent()).toPlainString(),
                    Money.usd(total).toPlainString());
        }
        if (thrown != null) {
            if (frame.outermost() && !(thrown instanceof BudgetExceededException)) {
                failed = true;
            }
            return null;
        }
        if (budgetUsd != null && total > budgetPicos) {
            stopOnce(frame.name(), total);
            return programFacing(new BudgetExceededException(Money.usd(total), budgetUsd, frame.name()));
        }
        return null;
    }

    private Stop stopOnce(String stage, long spent) {
        Stop mine = new Stop(stage, spent);
        if (stop.compareAndSet(null, mine)) {
            log.warn(new BudgetExceededException(Money.usd(spent), budgetUsd, stage).getMessage());
            onStop.accept(mine);
            return mine;
        }
        return stop.get();
    }

    /** Drops the agent's own frames, so the trace starts at the stage method, where the program sees it thrown. */
    private static BudgetExceededException programFacing(BudgetExceededException e) {
        StackTraceElement[] trace = e.getStackTrace();
        int first = 0;
        while (first < trace.length && trace[first].getClassName().startsWith("dev.costagent.agent.")) {
            first++;
        }
        e.setStackTrace(java.util.Arrays.copyOfRange(trace, first, trace.length));
        return e;
    }

    /** The budget stop, or null if the budget has not stopped the run. */
    public Stop stop() {
        return stop.get();
    }

    /** Marks the run failed (an exception other than the budget's escaped the outermost stage). */
    public void markFailed() {
        failed = true;
    }

    public RunStatus status() {
        if (stop.get() != null) {
            return RunStatus.BUDGET_EXCEEDED;
        }
        return failed ? RunStatus.FAILED : RunStatus.COMPLETED;
    }
}
