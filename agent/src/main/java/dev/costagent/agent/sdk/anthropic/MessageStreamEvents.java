package dev.costagent.agent.sdk.anthropic;

import dev.costagent.agent.sdk.stainless.RawFields;
import dev.costagent.agent.usage.EventUsage;
import dev.costagent.agent.usage.ShapeReader;
import dev.costagent.agent.usage.UsageReader;
import dev.costagent.agent.value.ResponseUsage;
import dev.costagent.agent.value.TokenCounts;

/**
 * The events of a streamed message ({@code RawMessageStreamEvent}, {@code BetaRawMessageStreamEvent}), which are
 * no responses themselves: {@code message_start} carries a {@code Message} with the input and cache counts; each
 * {@code message_delta} carries cumulative counts, which replace those of {@code message_start} where present
 * (the SDK's own accumulator does the same).
 *
 * <p>Only never-throwing accessors are called: the {@code Optional} union accessors and raw {@code _x()} fields.
 */
// Thread-safety: the shape is stateless; an accumulator is used by one stream, under its StreamUsage's lock.
final class MessageStreamEvents extends ShapeReader {

    static final MessageStreamEvents INSTANCE = new MessageStreamEvents();

    private MessageStreamEvents() {
        super("usage.anthropic.stream");
    }

    /** An event alone is no call. */
    @Override
    public ResponseUsage read(Object event) {
        return null;
    }

    @Override
    public EventUsage newEventUsage(UsageReader reader) {
        return new Accumulator(reader);
    }

    /** One stream's figures: those of {@code message_start}, then the latest of each delta figure. */
    private static final class Accumulator implements EventUsage {
        private final UsageReader reader;
        private ResponseUsage start;
        private long deltaInput = -1;
        private long deltaOutput = -1;
        private long deltaCacheRead = -1;
        private long deltaCacheCreation = -1;

        Accumulator(UsageReader reader) {
            this.reader = reader;
        }

        @Override
        public Object observe(Object event) throws ReflectiveOperationException {
            Object startEvent = RawFields.optional(event, "messageStart");
            if (startEvent != null) {
                Object message = RawFields.field(startEvent, "_message");
                ResponseUsage u = message == null ? null : reader.read(message);
                if (u != null) {
                    start = u;
                    return reader.usageObject(message);
                }
                return null;
            }
            Object delta = RawFields.optional(event, "messageDelta");
            if (delta != null) {
                Object usage = RawFields.field(delta, "_usage");
                if (usage != null) {
                    deltaOutput = orKeep(RawFields.field(usage, "_outputTokens"), deltaOutput);
                    deltaInput = orKeep(RawFields.field(usage, "_inputTokens"), deltaInput);
                    deltaCacheRead = orKeep(RawFields.field(usage, "_cacheReadInputTokens"), deltaCacheRead);
                    deltaCacheCreation = orKeep(RawFields.field(usage, "_cacheCreationInputTokens"),
                            deltaCacheCreation);
                }
                return usage;
            }
            return null;
        }

        @Override
        public ResponseUsage result() {
            if (start == null) {
                return null;
            }
            TokenCounts t = start.tokens();
            long input = deltaInput >= 0 ? deltaInput : t.input();
            long cacheRead = deltaCacheRead >= 0 ? deltaCacheRead : t.cacheRead();
            long write1h = t.cacheWrite1h();
            long write5m = t.cacheWrite();
            if (deltaCacheCreation >= 0) {
                // The delta has no 5m/1h split: keep the start's 1h part, the rest is 5-minute.
                write1h = Math.min(write1h, deltaCacheCreation);
                write5m = deltaCacheCreation - write1h;
            }
            long output = deltaOutput >= 0 ? deltaOutput : t.output();
            return new ResponseUsage(start.model(), start.provider(),
                    new TokenCounts(input, cacheRead, write5m, write1h, output));
        }

        private static long orKeep(Object value, long previous) {
            if (value instanceof Number n) {
                long v = n.longValue();
                return v >= 0 ? v : previous;
            }
            return previous;
        }
    }
}
