package dev.costagent.agent.sdk.stainless;

import dev.costagent.agent.calls.Attribution;
import dev.costagent.agent.calls.StreamObserver;
import dev.costagent.agent.sdk.HookAdapter;
import dev.costagent.agent.sdk.SdkCalls;

/**
 * The streams of events the Stainless-generated SDKs return from {@code createStreaming}, blocking or async: one
 * call each, whose usage is accumulated from the events and recorded when the stream ends.
 */
public final class EventStreams implements HookAdapter {

    /** Blocking {@code StreamResponse}s. */
    public static final EventStreams BLOCKING = new EventStreams(false, "");
    /** {@code AsyncStreamResponse}s. */
    public static final EventStreams ASYNC = new EventStreams(true, "");

    private final boolean async;
    private final String unmeteredHint;

    /**
     * @param unmeteredHint appended to the warning about a stream that carried no usage: what the program should
     *                      set for the SDK's server to send it, or ""
     */
    public EventStreams(boolean async, String unmeteredHint) {
        this.async = async;
        this.unmeteredHint = unmeteredHint;
    }

    @Override
    public Object observe(SdkCalls calls, Attribution who, Object returned) {
        StreamObserver o = calls.observeStream(who, unmeteredHint);
        return async ? StainlessStreams.async(returned, o::event, o::end)
                : StainlessStreams.blocking(returned, o::event, o::end);
    }
}
