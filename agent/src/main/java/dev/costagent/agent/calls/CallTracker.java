package dev.costagent.agent.calls;

import dev.costagent.agent.instrument.Site;
import dev.costagent.agent.log.Faults;
import dev.costagent.agent.sdk.Hook;
import dev.costagent.agent.sdk.SdkCalls;
import dev.costagent.agent.stage.StageTracker;
import dev.costagent.agent.usage.UsageReader;
import dev.costagent.agent.value.ResponseUsage;
import java.util.concurrent.CompletionStage;

/**
 * The calls room: the frames of tracked calls and hooked SDK calls on each thread, and the decision, at each
 * call's exit, of what it records. A hook's module-specific part (a stream view, a listener's pairing) is its
 * {@link Hook#adapter}, which gets this tracker as its {@link SdkCalls}.
 *
 * <p>Counting once: a response is counted by the innermost layer that can read it. An outer call adds nothing
 * when a call nested in it recorded (or will record, for a future or a stream) a response, or when it returns a
 * response already counted.
 *
 * <p>Thread-safety: safe; per-thread state is the frame stack, everything shared is lock-free.
 */
public final class CallTracker implements SdkCalls {

    private final StageTracker stages;
    private final CallRecorder recorder;
    private final Faults faults;
    /** What modules remember of calls in flight, by a program object of the call. */
    private final WeakIdentityMap<Object> inFlight = new WeakIdentityMap<>();

    public CallTracker(StageTracker stages, CallRecorder recorder, Faults faults) {
        this.stages = stages;
        this.recorder = recorder;
        this.faults = faults;
    }

    /** A tracked method is entered; returns its frame, the token for {@link #exit}. */
    public Object enter(Site site) {
        CallFrame f = new CallFrame(stages.state(), site);
        f.thread.calls = f;
        return f;
    }

    /** A hooked SDK method is entered, on {@code self} with {@code arguments}; returns its frame. */
    public Object enter(Site site, Object self, Object[] arguments) {
        CallFrame f = new CallFrame(stages.state(), site);
        f.self = self;
        f.arguments = arguments;
        f.thread.calls = f;
        return f;
    }

    /** A hooked SDK method advised on entry only is entered: its module's adapter decides the arguments. */
    public Object[] entry(Site site, Object self, Object[] arguments) {
        Hook hook = site == null ? null : site.hook();
        if (hook == null || hook.kind() != Hook.Kind.ENTRY) {
            return arguments;
        }
        return hook.adapter().enter(this, site, self, arguments);
    }

    /**
     * A tracked or SDK method ended, returning {@code returned} or throwing {@code thrown}. Returns what the method
     * returns: {@code returned} itself, or the view of it the hook's adapter gives.
     */
    public Object exit(Object token, Object returned, Throwable thrown) {
        if (!(token instanceof CallFrame frame)) {
            return returned;
        }
        frame.thread.calls = frame.parent;
        if (thrown != null || frame.site == null) {
            return returned;
        }
        Hook hook = frame.site.hook();
        Hook.Kind kind = hook == null ? Hook.Kind.RESPONSE : hook.kind();
        if (kind == Hook.Kind.VIEW) {
            return hook.adapter().view(this, frame.self, returned);
        }
        boolean response = kind == Hook.Kind.RESPONSE && !(returned instanceof CompletionStage<?>);
        if (frame.innerCounted) {
            if (hook != null && response && returned != null) {
                // A framework's response over SDK calls already counted (Spring AI over the OpenAI SDK): the
                // response stands for them, so a tracked method returning it later adds nothing either.
                recorder.markCounted(returned);
            }
            frame.countedInside();
            return returned;
        }
        if (response) {
            // The common case, recorded now on this thread: no Attribution object, which only a later recording
            // needs. A response counted before is found when it is added to the counted table.
            CallFrame named = frame.naming();
            if (recorder.record(frame.site, named.site.name(), named.site.modelHint(), frame.stage,
                    requestModel(frame.site, frame.arguments), returned)) {
                frame.countedInside();
            }
            return returned;
        }
        if (returned == null) {
            return null;
        }
        if (recorder.isCounted(returned)) {
            frame.countedInside();
            return returned;
        }
        Attribution who = frame.attribution(requestModel(frame.site, frame.arguments));
        if (kind == Hook.Kind.STREAM) {
            frame.countedInside();
            return hook.adapter().observe(this, who, returned);
        }
        if (returned instanceof CompletionStage<?> future) {
            frame.countedInside();
            future.whenComplete((value, error) -> {
                if (error == null) {
                    recorder.record(who, value);
                }
            });
        }
        return returned;
    }

    /** The model a request names, when the hook's SDK puts it there; null otherwise. Never throws. */
    private String requestModel(Site s, Object[] arguments) {
        Hook hook = s.hook();
        if (hook == null || hook.requestModel() == null || arguments == null || arguments.length == 0) {
            return null;
        }
        try {
            return hook.requestModel().of(arguments);
        } catch (Throwable t) {
            faults.report("usage.request-model", t);
            return null;
        }
    }

    @Override
    public UsageReader reader() {
        return recorder.reader();
    }

    @Override
    public Attribution attributeHere(Site site, Object[] arguments) {
        return new CallFrame(stages.state(), site).attribution(requestModel(site, arguments));
    }

    @Override
    public boolean inSdkCall() {
        CallFrame current = (CallFrame) stages.state().calls;
        return current != null && current.site != null && current.site.kind() == Site.Kind.SDK;
    }

    @Override
    public void enclosingCountsLater() {
        CallFrame current = (CallFrame) stages.state().calls;
        if (current != null) {
            current.innerCounted = true;
        }
    }

    @Override
    public boolean recordResponse(Attribution who, Object response) {
        return recorder.record(who, response);
    }

    @Override
    public void recordUsage(Attribution who, ResponseUsage usage) {
        recorder.recordUsage(who, usage);
    }

    @Override
    public StreamObserver observeStream(Attribution who, String unmeteredHint) {
        return new StreamObserver(recorder, who, unmeteredHint);
    }

    @Override
    public boolean isCounted(Object response) {
        return recorder.isCounted(response);
    }

    @Override
    public void remember(Object key, Object value) {
        inFlight.put(key, value);
    }

    @Override
    public Object recall(Object key) {
        return inFlight.get(key);
    }

    @Override
    public Object forget(Object key) {
        return inFlight.remove(key);
    }

    @Override
    public void fault(String where, Throwable fault) {
        faults.report(where, fault);
    }
}
