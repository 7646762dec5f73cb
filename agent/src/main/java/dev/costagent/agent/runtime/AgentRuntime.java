package dev.costagent.agent.runtime;

import dev.costagent.BudgetExceededException;
import dev.costagent.agent.budget.BudgetGuard;
import dev.costagent.agent.instrument.AdviceHandler;
import dev.costagent.agent.instrument.SdkHooks;
import dev.costagent.agent.instrument.Site;
import dev.costagent.agent.instrument.SiteRegistry;
import dev.costagent.agent.ledger.CostLedger;
import dev.costagent.agent.ledger.CostRecorder;
import dev.costagent.agent.log.Faults;
import dev.costagent.agent.stage.StageEntry;
import dev.costagent.agent.stage.StageFrame;
import dev.costagent.agent.stage.StageTracker;
import dev.costagent.agent.usage.UsageReader;
import dev.costagent.agent.value.Money;
import dev.costagent.agent.value.ResponseUsage;
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
    /** LangChain4j streaming calls in flight, by their per-call listener attributes map. */
    private final WeakIdentityMap<Attribution> listenerCalls = new WeakIdentityMap<>();
    private final StreamRecorders streams;

    /** One active tracked call or SDK call on a thread. */
    private static final class CallFrame {
        /** The state of the thread the call runs on; its {@code calls} is this frame until the call ends. */
        final StageTracker.ThreadState thread;
        final CallFrame parent;
        final StageFrame stage;
        final Site site;
        /** For an SDK frame: the receiver and the arguments of the hooked method, until it returns. */
        Object self;
        Object[] arguments;
        boolean innerCounted;

        CallFrame(StageTracker.ThreadState thread, Site site) {
            this.thread = thread;
            this.parent = (CallFrame) thread.calls;
            this.stage = thread.stage();
            this.site = site;
        }
    }

    /**
     * The attribution of a call made in {@code frame}: the innermost enclosing {@code @TrackedCall}'s name and
     * model hint, else the frame's own site's.
     */
    private static Attribution attribution(CallFrame frame, String requestModel) {
        CallFrame named = namingFrame(frame);
        return new Attribution(frame.site, named.site.name(), named.site.modelHint(), frame.stage, requestModel);
    }

    /** The frame whose site names a call made in {@code frame}: see {@link #attribution}. */
    private static CallFrame namingFrame(CallFrame frame) {
        for (CallFrame f = frame; f != null; f = f.parent) {
            if (f.site != null && f.site.kind() == Site.Kind.CALL) {
                return f;
            }
        }
        return frame;
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
        this.streams = new StreamRecorders(reader, counted, faults, new StreamRecorders.Sink() {
            @Override
            public void record(Attribution who, ResponseUsage usage) {
                recordUsage(who, usage);
            }

            @Override
            public void unmetered(Attribution who) {
                ledger.recordUnmetered();
                if (who.site().firstWarning()) {
                    log.warn("a stream from {} carried no token usage: counted as unmetered{}", who.site().method(),
                            who.site().name().startsWith("openai.chat.")
                                    ? " (for OpenAI chat completions, set stream_options.include_usage=true)" : "");
                }
            }
        });
    }

    @Override
    public StageEntry stageEnter(int site) {
        Site s = sites.get(site);
        return guard.enter(s == null ? "stage#" + site : s.name());
    }

    @Override
    public Throwable stageExit(int site, StageFrame frame, Throwable thrown) {
        BudgetExceededException stop = guard.exit(frame, thrown);
        recorder.checkRunWarning();
        return stop != null ? stop : thrown;
    }

    @Override
    public Object callEnter(int site) {
        CallFrame f = new CallFrame(stages.state(), sites.get(site));
        f.thread.calls = f;
        return f;
    }

    @Override
    public void callExit(int site, Object token, Object returned, Throwable thrown) {
        sdkExit(site, token, returned, thrown);
    }

    @Override
    public Object sdkEnter(int site, Object self, Object[] arguments) {
        CallFrame f = new CallFrame(stages.state(), sites.get(site));
        f.self = self;
        f.arguments = arguments;
        f.thread.calls = f;
        return f;
    }

    @Override
    public Object[] sdkEntry(int site, Object self, Object[] arguments) {
        Site s = sites.get(site);
        if (s == null || s.returns() == null) {
            return arguments;
        }
        switch (s.returns()) {
            case LISTENER_REQUEST -> listenerRequest(s, arguments);
            case LISTENER_RESPONSE -> listenerResponse(arguments);
            case STREAM_CLOSE -> streams.closed(self);
            case STREAM_HANDLER -> {
                return streamHandler(s, arguments);
            }
            default -> {
                // Other kinds are advised on exit.
            }
        }
        return arguments;
    }

    /**
     * LangChain4j notifies its listeners of every request on the caller's thread. A call made through
     * {@code ChatModel.chat}/{@code chatAsync} is counted by that hook's frame, so only the others (streaming
     * calls, which return nothing) are remembered here, by their per-call attributes map, with the caller's
     * stage and operation, until the response notification.
     */
    private void listenerRequest(Site s, Object[] arguments) {
        StageTracker.ThreadState thread = stages.state();
        CallFrame current = (CallFrame) thread.calls;
        if (current != null && current.site != null && current.site.kind() == Site.Kind.SDK) {
            return;
        }
        Object attributes = arguments.length > 2 ? arguments[2] : null;
        if (attributes == null) {
            return;
        }
        listenerCalls.put(attributes, attribution(new CallFrame(thread, s), null));
        if (current != null) {
            // The response comes later, on another thread: an enclosing tracked call must not count it too.
            current.innerCounted = true;
        }
    }

    private void listenerResponse(Object[] arguments) {
        Attribution who = arguments.length > 3 ? listenerCalls.remove(arguments[3]) : null;
        if (who != null) {
            recordValue(who, arguments[0]);
        }
    }

    /** Bedrock {@code converseStream}: the handler is replaced by one whose events are observed. */
    private Object[] streamHandler(Site s, Object[] arguments) {
        if (arguments.length < 2 || arguments[1] == null) {
            return arguments;
        }
        StageTracker.ThreadState thread = stages.state();
        CallFrame current = (CallFrame) thread.calls;
        Attribution who = attribution(new CallFrame(thread, s), requestModel(s, arguments));
        Object[] replaced = arguments.clone();
        replaced[1] = streams.eventStreamHandler(who, arguments[1]);
        if (current != null && replaced[1] != arguments[1]) {
            current.innerCounted = true;
        }
        return replaced;
    }

    /** The model a request names, when the hook's SDK puts it there; null otherwise. */
    private String requestModel(Site s, Object[] arguments) {
        if (s.modelFrom() == null || arguments == null || arguments.length == 0) {
            return null;
        }
        return switch (s.modelFrom()) {
            case STRING_ARGUMENT -> arguments[0] instanceof String model ? model : null;
            case REQUEST_MODEL_ID -> reader.requestModel(arguments[0]);
            case RESPONSE -> null;
        };
    }

    @Override
    public Object sdkExit(int site, Object token, Object returned, Throwable thrown) {
        if (!(token instanceof CallFrame frame)) {
            return returned;
        }
        frame.thread.calls = frame.parent;
        if (thrown != null || frame.site == null) {
            return returned;
        }
        SdkHooks.Returns kind = frame.site.returns();
        if (kind == SdkHooks.Returns.STREAM_ITERATOR) {
            return streams.iterator(frame.self, returned);
        }
        boolean response = (kind == null || kind == SdkHooks.Returns.RESPONSE)
                && !(returned instanceof CompletionStage<?>);
        if (frame.innerCounted) {
            if (kind == SdkHooks.Returns.RESPONSE && response && returned != null) {
                // A framework's response over SDK calls already counted (Spring AI over the OpenAI SDK): the
                // response stands for them, so a tracked method returning it later adds nothing either.
                counted.add(returned);
            }
            markParent(frame);
            return returned;
        }
        if (response) {
            // The common case, recorded now on this thread: no Attribution object, which only a later recording
            // needs. A response counted before is found when it is added to the counted table.
            CallFrame named = namingFrame(frame);
            if (record(frame.site, named.site.name(), named.site.modelHint(), frame.stage,
                    requestModel(frame.site, frame.arguments), returned)) {
                markParent(frame);
            }
            return returned;
        }
        if (returned != null && counted.contains(returned)) {
            markParent(frame);
            return returned;
        }
        Attribution who = attribution(frame, requestModel(frame.site, frame.arguments));
        if (kind == SdkHooks.Returns.FLUX && returned != null) {
            markParent(frame);
            return streams.flux(who, returned);
        }
        if (kind == SdkHooks.Returns.REGISTERED_STREAM && returned != null) {
            markParent(frame);
            return streams.register(who, returned);
        }
        if (kind != null && kind != SdkHooks.Returns.RESPONSE && returned != null) {
            markParent(frame);
            return streams.sdkStream(who, kind, returned);
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
        return returned;
    }

    private static void markParent(CallFrame frame) {
        if (frame.parent != null) {
            frame.parent.innerCounted = true;
        }
    }

    private void recordUsage(Attribution who, ResponseUsage usage) {
        recordUsage(who.operation(), who.modelHint(), who.stage(), who.requestModel(), usage);
    }

    private void recordUsage(String operation, String modelHint, StageFrame stage, String requestModel,
                             ResponseUsage usage) {
        ResponseUsage named = usage;
        if ((usage.model() == null || usage.model().isBlank()) && requestModel != null) {
            named = new ResponseUsage(requestModel, usage.provider(), usage.tokens(), usage.batch());
        }
        recorder.record(named, modelHint, operation, stage);
    }

    /** Records a response; true when it was counted (now or before). Never throws. */
    private boolean recordValue(Attribution who, Object value) {
        return record(who.site(), who.operation(), who.modelHint(), who.stage(), who.requestModel(), value);
    }

    /**
     * {@link #recordValue} with the attribution's parts. Never throws.
     *
     * <p>The usage is read first and the response added to the counted table only when it has one: adding is
     * also the lookup (one pass over the table per call), and a value without usage is never added, since such
     * values are often shared (an interned string, {@code Boolean.TRUE}) and each call returning one is an
     * unmetered call of its own.
     */
    private boolean record(Site s, String operation, String modelHint, StageFrame stage, String requestModel,
                           Object value) {
        try {
            ResponseUsage usage = value == null ? null : reader.read(value);
            if (usage == null) {
                if (value != null && counted.contains(value)) {
                    return true; // a framework response standing for SDK calls counted before
                }
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
            recordUsage(operation, modelHint, stage, requestModel, usage);
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
