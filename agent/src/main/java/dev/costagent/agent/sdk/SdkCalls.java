package dev.costagent.agent.sdk;

import dev.costagent.agent.calls.Attribution;
import dev.costagent.agent.calls.StreamObserver;
import dev.costagent.agent.instrument.Site;
import dev.costagent.agent.usage.UsageReader;
import dev.costagent.agent.value.ResponseUsage;

/**
 * What a module's {@link HookAdapter} may ask of the run: the attribution of a call made now, the response and
 * usage recording, the count-once table, and a memory of calls in flight. Implemented by the calls room
 * ({@code calls.CallTracker}); every method is safe from any thread and never throws.
 */
public interface SdkCalls {

    /** The reader of responses and their usage. */
    UsageReader reader();

    /**
     * The attribution of a call {@code site} makes now, on this thread, with these arguments (which may name the
     * model, {@link Hook#modelFrom}): for a hook advised on entry, which has no frame of its own.
     */
    Attribution attributeHere(Site site, Object[] arguments);

    /** Whether the innermost call running on this thread is a hooked SDK method (which counts its call itself). */
    boolean inSdkCall();

    /**
     * The call just attributed is recorded later, on another thread: the tracked call or SDK call enclosing it on
     * this thread, if any, must not count a response of its own.
     */
    void enclosingCountsLater();

    /** Records a response as a call of {@code who}, once; true when it was counted (now or before). */
    boolean recordResponse(Attribution who, Object response);

    /** Records usage read by the module itself (one result of a batch, a stream's total) as a call of {@code who}. */
    void recordUsage(Attribution who, ResponseUsage usage);

    /**
     * An observer of one stream of {@code who}: it reads each event's usage and records the call once, when it
     * ends; a stream that carried no usage is counted unmetered, with a warning once per method.
     *
     * @param unmeteredHint appended to that warning (what the program should set for usage to be sent), or ""
     */
    StreamObserver observeStream(Attribution who, String unmeteredHint);

    /** Whether this object (an SDK usage object, a response) was counted as part of a call already. */
    boolean isCounted(Object response);

    /**
     * Remembers {@code value} for a program object of a call in flight (a stream returned and not yet read, a
     * per-call attributes map), by identity and weakly: a key the program drops is forgotten.
     */
    void remember(Object key, Object value);

    /** What was remembered for {@code key}, or null. */
    Object recall(Object key);

    /** What was remembered for {@code key}, forgotten now; null when nothing was. */
    Object forget(Object key);

    /** Reports a fault of the module's own (logged once per place, counted). */
    void fault(String where, Throwable fault);
}
