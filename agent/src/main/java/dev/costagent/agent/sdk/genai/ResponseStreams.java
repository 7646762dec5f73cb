package dev.costagent.agent.sdk.genai;

import dev.costagent.agent.calls.Attribution;
import dev.costagent.agent.calls.StreamObserver;
import dev.costagent.agent.instrument.Site;
import dev.costagent.agent.sdk.HookAdapter;
import dev.costagent.agent.sdk.SdkCalls;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;

/**
 * Google GenAI's {@code ResponseStream}, a class the SDK returns (or a future of one), which no view can stand in
 * for. So the stream returned is remembered with its observer ({@link #RETURNED}); the iterator it then gives is
 * replaced by an observing one ({@link #ITERATOR}), which ends the stream when it runs out; closing the stream
 * ends it too ({@link #CLOSED}).
 */
final class ResponseStreams implements HookAdapter {

    /** {@code privateGenerateContentStream} returned a stream, or a future of one. */
    static final ResponseStreams RETURNED = new ResponseStreams();
    /** {@code ResponseStream.iterator()}. */
    static final ResponseStreams ITERATOR = new ResponseStreams();
    /** {@code ResponseStream.close()}. */
    static final ResponseStreams CLOSED = new ResponseStreams();

    private ResponseStreams() {
    }

    /**
     * Remembers the stream; a future of one is replaced by a future that completes once the stream is remembered,
     * so that the program cannot reach the stream before.
     */
    @Override
    public Object observe(SdkCalls calls, Attribution who, Object returned) {
        if (returned instanceof CompletableFuture<?> future) {
            return future.whenComplete((value, error) -> {
                if (value != null) {
                    calls.remember(value, calls.observeStream(who, ""));
                }
            });
        }
        calls.remember(returned, calls.observeStream(who, ""));
        return returned;
    }

    /** The iterator of a remembered stream, observed; any other iterator as it is. */
    @Override
    public Object view(SdkCalls calls, Object stream, Object returned) {
        if (!(calls.recall(stream) instanceof StreamObserver o) || !(returned instanceof Iterator<?> it)) {
            return returned;
        }
        return observed(it, o);
    }

    /** A remembered stream is closed: it ended. */
    @Override
    public Object[] enter(SdkCalls calls, Site site, Object stream, Object[] arguments) {
        if (calls.forget(stream) instanceof StreamObserver o) {
            o.end();
        }
        return arguments;
    }

    /** An iterator that shows each element to the observer and ends the stream when it runs out. */
    private static <T> Iterator<T> observed(Iterator<T> source, StreamObserver o) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                boolean more = source.hasNext();
                if (!more) {
                    o.end();
                }
                return more;
            }

            @Override
            public T next() {
                T e = source.next();
                o.event(e);
                return e;
            }

            @Override
            public void remove() {
                source.remove();
            }
        };
    }
}
