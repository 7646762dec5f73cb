package dev.costagent.agent.runtime;

import dev.costagent.agent.instrument.SdkHooks;
import dev.costagent.agent.log.Faults;
import dev.costagent.agent.usage.StreamUsage;
import dev.costagent.agent.usage.UsageReader;
import dev.costagent.agent.value.ResponseUsage;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Records the calls whose usage arrives after the hooked method returned: the SDKs' streams, Spring AI's
 * {@code Flux}, Google GenAI's {@code ResponseStream}, Bedrock's event stream handler. Each is replaced by (or
 * remembered as) an observing view that accumulates the usage of its events and records it once, when it ends,
 * under the attribution fixed when the call was made.
 *
 * <p>The SDK usage objects the streams carry are added to the counted responses as they arrive, so that a
 * framework above the SDK that hands the same object on (Spring AI's native usage) is known to stand for a call
 * already counted.
 *
 * <p>Thread-safety: safe; a stream's events may arrive on any thread, its end is recorded once.
 */
final class StreamRecorders {

    /** Where the recorded streams go. */
    interface Sink {
        void record(Attribution who, ResponseUsage usage);

        /** A stream ended without any usage. */
        void unmetered(Attribution who);
    }

    private final UsageReader reader;
    private final CountedResponses counted;
    private final Faults faults;
    private final Sink sink;
    /** Google GenAI streams returned and not yet read to their end, by identity. */
    private final WeakIdentityMap<Observer> registered = new WeakIdentityMap<>();

    StreamRecorders(UsageReader reader, CountedResponses counted, Faults faults, Sink sink) {
        this.reader = reader;
        this.counted = counted;
        this.faults = faults;
        this.sink = sink;
    }

    /** A stream of an Anthropic or OpenAI SDK, blocking or async, of events or of batch results. */
    Object sdkStream(Attribution who, SdkHooks.Returns kind, Object stream) {
        boolean async = kind == SdkHooks.Returns.ASYNC_STREAM || kind == SdkHooks.Returns.ASYNC_BATCH_RESULTS;
        Consumer<Object> onEvent;
        Runnable onEnd;
        if (kind == SdkHooks.Returns.BATCH_RESULTS || kind == SdkHooks.Returns.ASYNC_BATCH_RESULTS) {
            // Each succeeded result is a call of its own; the stream's end adds nothing.
            StreamUsage results = new StreamUsage(reader);
            onEvent = event -> {
                try {
                    ResponseUsage u = results.batchResult(event);
                    if (u != null) {
                        sink.record(who, u);
                    }
                } catch (Throwable t) {
                    faults.report("reading a stream event of " + who.site().method(), t);
                }
            };
            onEnd = () -> { };
        } else {
            Observer o = new Observer(who);
            onEvent = o::event;
            onEnd = o::end;
        }
        return async ? ObservedStreams.async(stream, onEvent, onEnd) : ObservedStreams.blocking(stream, onEvent, onEnd);
    }

    /**
     * Remembers a stream that is a class (Google GenAI's {@code ResponseStream}), so that its iterator is observed
     * and its end recorded. A future of one is replaced by a future that completes once the stream is remembered,
     * so that the program cannot reach the stream before.
     */
    Object register(Attribution who, Object stream) {
        if (stream instanceof CompletableFuture<?> future) {
            return future.whenComplete((value, error) -> {
                if (value != null) {
                    registered.put(value, new Observer(who));
                }
            });
        }
        registered.put(stream, new Observer(who));
        return stream;
    }

    /** The iterator of a remembered stream, observed; any other iterator as it is. */
    Object iterator(Object stream, Object iterator) {
        Observer o = registered.get(stream);
        return o == null || !(iterator instanceof Iterator<?> it) ? iterator
                : ObservedStreams.iterator(it, o::event, o::end);
    }

    /** A remembered stream is closed: it ended. */
    void closed(Object stream) {
        Observer o = registered.remove(stream);
        if (o != null) {
            o.end();
        }
    }

    /** An AWS SDK event stream handler (Bedrock {@code converseStream}), replaced by an observing one. */
    Object eventStreamHandler(Attribution who, Object handler) {
        Observer o = new Observer(who);
        return ObservedStreams.eventStreamHandler(handler, "ConverseStreamResponseHandler", o::event, o::end);
    }

    /**
     * A Spring AI {@code Flux}, observed per subscription: usage is on the last response that carries any. When
     * that usage's native object ({@code Usage.getNativeUsage()}) is one an SDK stream hook already saw (Spring AI
     * over the OpenAI SDK), the SDK's hook counted the call and the Flux adds nothing; nor does a stream with no
     * usage at all, which the layer below reports.
     */
    Object flux(Attribution who, Object flux) {
        try {
            return ObservedStreams.flux(flux, () -> {
                Object[] last = new Object[1];
                StreamUsage usage = new StreamUsage(reader);
                Consumer<Object> onEvent = event -> {
                    try {
                        if (reader.read(event) != null) {
                            last[0] = event;
                            usage.observe(event);
                        }
                    } catch (Throwable t) {
                        faults.report("reading a stream event of " + who.site().method(), t);
                    }
                };
                Runnable onEnd = () -> {
                    try {
                        ResponseUsage u = usage.result();
                        Object nativeUsage = last[0] == null ? null : reader.nativeUsage(last[0]);
                        if (u != null && (nativeUsage == null || !counted.contains(nativeUsage))) {
                            sink.record(who, u);
                        }
                    } catch (Throwable t) {
                        faults.report("recording the stream of " + who.site().method(), t);
                    }
                };
                return Map.entry(onEvent, onEnd);
            });
        } catch (Throwable t) {
            faults.report("observing the stream of " + who.site().method(), t);
            return flux;
        }
    }

    /** Accumulates the usage of one stream from its events and records it once, when it ends. */
    private final class Observer {
        private final Attribution who;
        private final StreamUsage usage = new StreamUsage(reader);
        private final Runnable end;

        Observer(Attribution who) {
            this.who = who;
            this.end = ObservedStreams.once(this::finish);
        }

        void event(Object event) {
            try {
                Object usageObject = usage.observe(event);
                if (usageObject != null) {
                    counted.add(usageObject);
                }
            } catch (Throwable t) {
                faults.report("reading a stream event of " + who.site().method(), t);
            }
        }

        void end() {
            end.run();
        }

        private void finish() {
            try {
                ResponseUsage u = usage.result();
                if (u == null) {
                    sink.unmetered(who);
                } else {
                    sink.record(who, u);
                }
            } catch (Throwable t) {
                faults.report("recording the stream of " + who.site().method(), t);
            }
        }
    }
}
