package dev.costagent.agent.sdk.openai;

import dev.costagent.agent.sdk.stainless.RawFields;
import dev.costagent.agent.usage.EventUsage;
import dev.costagent.agent.usage.ShapeReader;
import dev.costagent.agent.usage.UsageReader;
import dev.costagent.agent.value.ResponseUsage;

/**
 * The events of a streamed Responses API call ({@code ResponseStreamEvent}), a union whose usage is on the
 * {@code Response} of its {@code response.completed}, {@code response.incomplete} or {@code response.failed}
 * variant.
 */
// Thread-safety: the shape is stateless; an accumulator is used by one stream, under its StreamUsage's lock.
final class ResponseStreamEvents extends ShapeReader {

    static final ResponseStreamEvents INSTANCE = new ResponseStreamEvents();
    private static final String[] ENDS = {"completed", "incomplete", "failed"};

    private ResponseStreamEvents() {
        super("usage.openai.stream");
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

    /** One stream's usage: that of the response its last event carries. */
    private static final class Accumulator implements EventUsage {
        private final UsageReader reader;
        private ResponseUsage last;

        Accumulator(UsageReader reader) {
            this.reader = reader;
        }

        @Override
        public Object observe(Object event) throws ReflectiveOperationException {
            for (String end : ENDS) {
                Object e = RawFields.optional(event, end);
                if (e != null) {
                    Object response = RawFields.field(e, "_response");
                    ResponseUsage u = response == null ? null : reader.read(response);
                    if (u != null) {
                        last = u;
                        return reader.usageObject(response);
                    }
                    return null;
                }
            }
            return null;
        }

        @Override
        public ResponseUsage result() {
            return last;
        }
    }
}
