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
import dev.costagent.agent.instrument.SdkHooks;
import dev.costagent.agent.usage.ResponseUsage;
import dev.costagent.agent.usage.StreamUsage;
import dev.costagent.agent.usage.UsageReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
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

    /** One active tracked call or SDK call on a thread. */
    private static final class CallFrame {
        final CallFrame parent;
        final StageFrame stage;
        final Site site;
        boolean innerCounted;

        CallFrame(CallFrame parent, StageFrame stage, Site site) {
            this.parent = parent;
            this.stage = stage;
            this.site = site;
        }
    }

    /**
     * Whose name a recorded call goes under: the innermost enclosing {@code @TrackedCall} (the program's own name
     * for the operation, and its model hint), else the SDK method's operation name.
     */
    private record Attribution(Site site, String operation, String modelHint, StageFrame stage) {
        static Attribution of(CallFrame frame) {
            for (CallFrame f = frame; f != null; f = f.parent) {
                if (f.site != null && f.site.kind() == Site.Kind.CALL) {
                    return new Attribution(frame.site, f.site.name(), f.site.modelHint(), frame.stage);
                }
            }
            return new Attribution(frame.site, frame.site.name(), frame.site.modelHint(), frame.stage);
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
        CallFrame f = new CallFrame(calls.get(), stages.current(), sites.get(site));
        calls.set(f);
        return f;
    }

    @Override
    public void callExit(int site, Object token, Object returned, Throwable thrown) {
        sdkExit(site, token, returned, thrown);
    }

    @Override
    public Object sdkExit(int site, Object token, Object returned, Throwable thrown) {
        if (!(token instanceof CallFrame frame)) {
            return returned;
        }
        if (frame.parent == null) {
            calls.remove();
        } else {
            calls.set(frame.parent);
        }
        if (thrown != null || frame.site == null) {
            return returned;
        }
        if (frame.innerCounted || (returned != null && counted.contains(returned))) {
            markParent(frame);
            return returned;
        }
        Attribution who = Attribution.of(frame);
        SdkHooks.Returns kind = frame.site.returns();
        if (kind != null && kind != SdkHooks.Returns.RESPONSE && returned != null) {
            markParent(frame);
            return observeStream(who, kind, returned);
        }
        if (returned instanceof CompletionStage<?> future) {
            markParent(frame);
            future.whenComplete((value, error) -> {
                if (error == null) {
                    recordValue(who, value);
                }
            });
            return returned;
        }
        if (recordValue(who, returned)) {
            markParent(frame);
        }
        return returned;
    }

    /** An observing view of a returned stream, recording its usage when it ends. */
    private Object observeStream(Attribution who, SdkHooks.Returns kind, Object stream) {
        boolean batch = kind == SdkHooks.Returns.BATCH_RESULTS || kind == SdkHooks.Returns.ASYNC_BATCH_RESULTS;
        boolean async = kind == SdkHooks.Returns.ASYNC_STREAM || kind == SdkHooks.Returns.ASYNC_BATCH_RESULTS;
        StreamUsage usage = new StreamUsage(reader);
        Consumer<Object> onEvent = event -> {
            try {
                if (batch) {
                    ResponseUsage u = usage.batchResult(event);
                    if (u != null) {
                        recordUsage(who, u);
                    }
                } else {
                    usage.observe(event);
                }
            } catch (Throwable t) {
                faults.report("reading a stream event of " + who.site().method(), t);
            }
        };
        Runnable onEnd = () -> {
            if (batch) {
                return;
            }
            try {
                ResponseUsage u = usage.result();
                if (u == null) {
                    ledger.recordUnmetered();
                    if (who.site().firstWarning()) {
                        log.warn("a stream from {} carried no token usage: counted as unmetered (for OpenAI chat "
                                + "completions, set stream_options.include_usage=true)", who.site().method());
                    }
                } else {
                    recordUsage(who, u);
                }
            } catch (Throwable t) {
                faults.report("recording the stream of " + who.site().method(), t);
            }
        };
        return async ? ObservedStreams.async(stream, onEvent, onEnd) : ObservedStreams.blocking(stream, onEvent, onEnd);
    }

    private static void markParent(CallFrame frame) {
        if (frame.parent != null) {
            frame.parent.innerCounted = true;
        }
    }

    private void recordUsage(Attribution who, ResponseUsage usage) {
        recorder.record(usage, who.modelHint(), who.operation(), who.stage());
    }

    /** Records a response; true when it was counted (now or before). Never throws. */
    private boolean recordValue(Attribution who, Object value) {
        Site s = who.site();
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
            recordUsage(who, usage);
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
