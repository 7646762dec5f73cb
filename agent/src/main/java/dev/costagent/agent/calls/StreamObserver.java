package dev.costagent.agent.calls;

import dev.costagent.agent.usage.StreamUsage;
import dev.costagent.agent.value.ResponseUsage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One stream's call, recorded when it ends: each event the program sees is shown to {@link #event}, which
 * accumulates the usage it carries ({@link StreamUsage}); {@link #end} records the total once, whichever thread
 * ends the stream first (consumed, closed, completed, failed). A stream without any usage is an unmetered call.
 *
 * <p>The SDK usage objects the events carry are added to the count-once table as they arrive, so that a framework
 * above the SDK that hands the same object on (its native usage) is known to stand for a call already counted.
 *
 * <p>Thread-safety: safe; an async stream's events may arrive on any thread.
 */
public final class StreamObserver {

    private final CallRecorder recorder;
    private final Attribution who;
    private final String unmeteredHint;
    private final StreamUsage usage;
    private final AtomicBoolean ended = new AtomicBoolean();

    StreamObserver(CallRecorder recorder, Attribution who, String unmeteredHint) {
        this.recorder = recorder;
        this.who = who;
        this.unmeteredHint = unmeteredHint;
        this.usage = new StreamUsage(recorder.reader());
    }

    /** An event of the stream, as the program receives it. Never throws. */
    public void event(Object event) {
        try {
            Object usageObject = usage.observe(event);
            if (usageObject != null) {
                recorder.markCounted(usageObject);
            }
        } catch (Throwable t) {
            recorder.fault("reading a stream event of " + who.site().method(), t);
        }
    }

    /** The stream ended: its call is recorded, the first time only. Never throws. */
    public void end() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        try {
            ResponseUsage u = usage.result();
            if (u == null) {
                recorder.unmeteredStream(who, unmeteredHint);
            } else {
                recorder.recordUsage(who, u);
            }
        } catch (Throwable t) {
            recorder.fault("recording the stream of " + who.site().method(), t);
        }
    }
}
