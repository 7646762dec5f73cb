package dev.costagent.agent.runtime;

import dev.costagent.BudgetExceededException;
import dev.costagent.agent.instrument.AdviceHandler;
import dev.costagent.agent.instrument.Site;
import dev.costagent.agent.instrument.SiteRegistry;
import dev.costagent.agent.ledger.BudgetGuard;
import dev.costagent.agent.ledger.CostLedger;
import dev.costagent.agent.ledger.CostRecorder;
import dev.costagent.agent.ledger.StageFrame;
import dev.costagent.agent.ledger.StageTracker;
import dev.costagent.agent.pricing.Money;
import dev.costagent.agent.usage.ResponseUsage;
import dev.costagent.agent.usage.UsageReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;

/**
 * The running agent as advice sees it: turns stage and tracked-call boundaries into ledger records and budget
 * decisions.
 *
 * <p>Counting once: a tracked call's response is counted by the innermost layer that can read it. An outer
 * tracked call adds nothing when a call nested in it recorded (or will record, for a future) a response, or when
 * it returns a response already counted.
 *
 * <p>Thread-safety: safe; per-thread state is the stage and tracked-call stacks, everything shared is lock-free.
 */
public final class AgentRuntime implements AdviceHandler {

    private final SiteRegistry sites;
    private final StageTracker stages;
    private final BudgetGuard guard;
    private final CostRecorder recorder;
    private final CostLedger ledger;
    private final UsageReader reader;
    private final Faults faults;
    private final Logger log;
    private final CountedResponses counted = new CountedResponses();
    private final ThreadLocal<CallFrame> calls = new ThreadLocal<>();

    /** One active tracked call on a thread. */
    private static final class CallFrame {
        final CallFrame parent;
        final StageFrame stage;
        boolean innerCounted;

        CallFrame(CallFrame parent, StageFrame stage) {
            this.parent = parent;
            this.stage = stage;
        }
    }

    public AgentRuntime(SiteRegistry sites, StageTracker stages, BudgetGuard guard, CostRecorder recorder,
                        CostLedger ledger, UsageReader reader, Faults faults, Logger log) {
        this.sites = sites;
        this.stages = stages;
        this.guard = guard;
        this.recorder = recorder;
        this.ledger = ledger;
        this.reader = reader;
        this.faults = faults;
        this.log = log;
    }

    @Override
    public Object stageEnter(int site) {
        Site s = sites.get(site);
        return guard.enter(s == null ? "stage#" + site : s.name());
    }

    @Override
    public Throwable stageExit(int site, Object token, Throwable thrown) {
        if (!(token instanceof StageFrame frame)) {
            return thrown;
        }
        BudgetExceededException stop = guard.exit(frame, thrown);
        return stop != null ? stop : thrown;
    }

    @Override
    public Object callEnter(int site) {
        CallFrame f = new CallFrame(calls.get(), stages.current());
        calls.set(f);
        return f;
    }

    @Override
    public void callExit(int site, Object token, Object returned, Throwable thrown) {
        if (!(token instanceof CallFrame frame)) {
            return;
        }
        if (frame.parent == null) {
            calls.remove();
        } else {
            calls.set(frame.parent);
        }
        if (thrown != null) {
            return;
        }
        Site s = sites.get(site);
        if (s == null) {
            return;
        }
        if (frame.innerCounted || (returned != null && counted.contains(returned))) {
            markParent(frame);
            return;
        }
        if (returned instanceof CompletionStage<?> future) {
            markParent(frame);
            future.whenComplete((value, error) -> {
                if (error == null) {
                    recordValue(s, value, frame.stage);
                }
            });
            return;
        }
        if (recordValue(s, returned, frame.stage)) {
            markParent(frame);
        }
    }

    private static void markParent(CallFrame frame) {
        if (frame.parent != null) {
            frame.parent.innerCounted = true;
        }
    }

    /** Records a response; true when it was counted (now or before). Never throws. */
    private boolean recordValue(Site s, Object value, StageFrame stage) {
        try {
            if (value != null && counted.contains(value)) {
                return true;
            }
            ResponseUsage usage = value == null ? null : reader.read(value);
            if (usage == null) {
                ledger.recordUnmetered();
                if (s.firstWarning()) {
                    log.warn("{} returned {} with no readable token usage: counted as unmetered (warned once per method)",
                            s.method(), value == null ? "nothing" : value.getClass().getName());
                }
                return false;
            }
            if (!counted.add(value)) {
                return true;
            }
            recorder.record(usage, s.modelHint(), s.name(), stage);
            return true;
        } catch (Throwable t) {
            faults.report("recording " + s.method(), t);
            return false;
        }
    }

    @Override
    public void fault(String where, Throwable t) {
        faults.report(where, t);
    }

    /** {@code CostAgent.recordCost}: a cost the program reports itself, attributed to the current stage. */
    public void recordCost(String operation, BigDecimal usd) {
        try {
            // Finer than a picodollar is rounded up: a reported cost is never shown as less than it was.
            recorder.recordCost(operation, Money.picos(usd.setScale(12, RoundingMode.CEILING)), stages.current());
        } catch (Throwable t) {
            faults.report("CostAgent.recordCost", t);
        }
    }

    public BigDecimal runningCostUsd() {
        return Money.usd(ledger.totalPicos());
    }

    public BigDecimal budgetUsd() {
        return guard.budgetUsd();
    }

    public Faults faults() {
        return faults;
    }

    int countedSize() {
        return counted.size();
    }
}
