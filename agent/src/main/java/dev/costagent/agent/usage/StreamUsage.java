package dev.costagent.agent.usage;

import dev.costagent.agent.value.ResponseUsage;

/**
 * Accumulates the usage of one streamed response from its events, as the SDKs deliver them: events that are
 * responses themselves (an OpenAI {@code ChatCompletionChunk}, a Gemini chunk, Bedrock's closing metadata event)
 * are read as such, and the last that carries usage gives the stream's; events of a class whose SDK accumulates
 * them otherwise (Anthropic's {@code message_start} and {@code message_delta}, OpenAI's Responses events) go to
 * that SDK's {@link EventUsage}, made at the first such event.
 *
 * <p>Thread-safety: an accumulator is used by one stream; its methods are synchronized because async streams
 * may deliver events on different threads.
 */
public final class StreamUsage {

    private final UsageReader reader;
    /** The event class last found to be read as a response, so that such events are not asked again. */
    private Class<?> plainEvents;
    private Class<?> sdkEvents;
    private EventUsage sdkUsage;
    private ResponseUsage last;

    public StreamUsage(UsageReader reader) {
        this.reader = reader;
    }

    /**
     * Takes one event of the stream into account. Never throws.
     *
     * @return the SDK object holding the usage figures this event carried, or null: a framework above the SDK
     *         (Spring AI) hands the same instance on as its native usage, which tells that the call was counted
     */
    public synchronized Object observe(Object event) {
        if (event == null) {
            return null;
        }
        try {
            Class<?> type = event.getClass();
            if (type != plainEvents && type != sdkEvents) {
                EventUsage accumulator = reader.newEventUsage(type);
                if (accumulator == null) {
                    plainEvents = type;
                } else {
                    sdkEvents = type;
                    sdkUsage = accumulator;
                }
            }
            if (type == sdkEvents) {
                return sdkUsage.observe(event);
            }
            ResponseUsage u = reader.read(event);
            if (u != null) {
                last = u;
                return reader.usageObject(event);
            }
            return null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            // An event of a shape we do not know contributes nothing; the stream's total is then best effort.
            return null;
        }
    }

    /** The stream's usage so far, or null when no event carried any. */
    public synchronized ResponseUsage result() {
        ResponseUsage accumulated = sdkUsage == null ? null : sdkUsage.result();
        return accumulated != null ? accumulated : last;
    }
}
