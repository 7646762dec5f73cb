package dev.costagent.agent.budget;

import dev.costagent.BudgetExceededException;
import dev.costagent.agent.events.BudgetChange;
import dev.costagent.agent.events.BudgetStop;
import dev.costagent.agent.events.RunEvents;
import dev.costagent.agent.events.StageEnded;
import dev.costagent.agent.ledger.CostLedger;
import dev.costagent.agent.stage.StageEntry;
import dev.costagent.agent.stage.StageFrame;
import dev.costagent.agent.stage.StageTracker;
import dev.costagent.agent.value.Money;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;

/**
 * The budget checks at stage boundaries (SPEC section 4) and the run's status.
 *
 * <p>The budget is checked against a {@link SpendSource}: this run's total, or a fleet scope's. It may be changed
 * while the program runs ({@link #setBudget}); a change applies from the next stage boundary.
 *
 * <p>Thread-safety: safe. The budget stop happens exactly once however many threads cross the budget at the
 * same moment: the first to win the compare-and-set logs it and tells the listeners (the report writer writes the
 * files); every later boundary sees the stop and refuses.
 */
public final class BudgetGuard {

    /** The budget in force: null {@code usd} for none. One object, so a boundary never sees half a change. */
    private record Limit(BigDecimal usd, long picos) {
        static Limit of(BigDecimal usd) {
            return new Limit(usd, usd == null ? Long.MAX_VALUE : Money.picos(usd));
        }
    }

    private final CostLedger ledger;
    private final StageTracker stages;
    private final RunEvents events;
    private final Clock clock;
    private final Logger log;
    private final AtomicReference<BudgetStop> stop = new AtomicReference<>();
    private final List<BudgetChange> changes = new CopyOnWriteArrayList<>();
    private volatile Limit limit;
    private volatile SpendSource spend;
    private volatile boolean failed;

    /**
     * @param budgetUsd the budget, or null for none
     * @param events    told of stage boundaries, the stop and budget changes
     */
    public BudgetGuard(BigDecimal budgetUsd, CostLedger ledger, StageTracker stages, RunEvents events, Clock clock,
                       Logger log) {
        this.limit = Limit.of(budgetUsd);
        this.ledger = ledger;
        this.spend = SpendSource.of(ledger);
        this.stages = stages;
        this.events = events;
        this.clock = clock;
        this.log = log;
    }

    /** Checks the budget against {@code source} from now on (a fleet scope's total); set before the program runs. */
    public void useSpendSource(SpendSource source) {
        this.spend = source;
    }

    public BigDecimal budgetUsd() {
        return limit.usd();
    }

    /**
     * What counts against the budget now, in picodollars: this run's total, or the shared scope's (which may cost the
     * spend source's one bounded round trip). For the exports' "remaining" figures, read on their own threads.
     */
    public long spentPicos() {
        return spend.spentPicos();
    }

    /**
     * Raises, lowers or (with null) removes the budget; the next stage boundary checks the new one. A run the budget
     * already stopped stays stopped.
     *
     * @param by who asks, for the log line and the report ({@code jmx})
     */
    public void setBudget(BigDecimal usd, String by) {
        BudgetChange change;
        synchronized (changes) {
            Limit before = limit;
            limit = Limit.of(usd);
            change = new BudgetChange(clock.instant(), before.usd(), usd, by);
            changes.add(change);
        }
        log.info("budget changed by {} from {} to {}; it applies from the next stage boundary", by,
                shown(change.from()), shown(change.to()));
        events.budgetChanged(change);
    }

    private static String shown(BigDecimal usd) {
        return usd == null ? "none" : "$" + usd.toPlainString();
    }

    /** The changes made while the program ran, oldest first; empty when the budget is as configured. */
    public List<BudgetChange> changes() {
        return List.copyOf(changes);
    }

    /**
     * Called before a stage runs: the stage's frame, or the refusal to run it when the budget is already exceeded.
     */
    public StageEntry enter(String stage) {
        BudgetStop stopped = stop.get();
        if (stopped != null) {
            // Once stopped, always stopped: nothing the run does later (not even a total that reads lower after an
            // overflow, or a budget raised or removed) lets a stage run again.
            long spent = Math.max(spend.spentPicos(), stopped.spentPicos());
            return new Refusal(programFacing(new BudgetExceededException(Money.usd(spent), stopped.budgetUsd(),
                    stopped.stage())));
        }
        Limit l = limit;
        if (l.usd() != null) {
            long spent = spend.spentPicos();
            if (spent > l.picos()) {
                // Spending outside any stage (or on other threads, or other JVMs of a scope) may have crossed the
                // budget with no stage exit to notice: the refused entry is then the stop.
                BudgetStop s = stopOnce(stage, spent, l);
                return new Refusal(programFacing(new BudgetExceededException(Money.usd(spent), s.budgetUsd(),
                        s.stage())));
            }
        }
        StageFrame frame = stages.enter(stage);
        events.stageEntered(stage);
        return frame;
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
        events.stageEnded(new StageEnded(frame.name(), frame.spent(), total, thrown != null));
        if (thrown != null) {
            if (frame.outermost() && !(thrown instanceof BudgetExceededException)) {
                failed = true;
            }
            return null;
        }
        Limit l = limit;
        if (l.usd() != null) {
            long spent = spend.spentPicos();
            if (spent > l.picos()) {
                BudgetStop s = stopOnce(frame.name(), spent, l);
                return programFacing(new BudgetExceededException(Money.usd(spent), s.budgetUsd(), frame.name()));
            }
        }
        return null;
    }

    private BudgetStop stopOnce(String stage, long spent, Limit l) {
        BudgetStop mine = new BudgetStop(stage, spent, l.usd());
        if (stop.compareAndSet(null, mine)) {
            log.warn(new BudgetExceededException(Money.usd(spent), l.usd(), stage).getMessage());
            events.budgetStopped(mine);
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
        e.setStackTrace(Arrays.copyOfRange(trace, first, trace.length));
        return e;
    }

    /** The budget stop, or null if the budget has not stopped the run. */
    public BudgetStop stop() {
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
