package dev.costagent.agent.sdk.anthropic;

import dev.costagent.agent.calls.Attribution;
import dev.costagent.agent.sdk.HookAdapter;
import dev.costagent.agent.sdk.SdkCalls;
import dev.costagent.agent.sdk.stainless.RawFields;
import dev.costagent.agent.sdk.stainless.StainlessStreams;
import dev.costagent.agent.usage.UsageReader;
import dev.costagent.agent.value.ResponseUsage;
import java.util.function.Consumer;

/**
 * The stream of a message batch's results ({@code resultsStreaming}): each succeeded result is a call of its own,
 * priced as a batch call; an errored, canceled or expired request is not billed. The stream's end adds nothing.
 */
final class BatchResults implements HookAdapter {

    static final BatchResults BLOCKING = new BatchResults(false);
    static final BatchResults ASYNC = new BatchResults(true);

    private final boolean async;

    private BatchResults(boolean async) {
        this.async = async;
    }

    @Override
    public Object observe(SdkCalls calls, Attribution who, Object returned) {
        Consumer<Object> onEvent = event -> {
            try {
                ResponseUsage u = usage(calls.reader(), event);
                if (u != null) {
                    calls.recordUsage(who, u);
                }
            } catch (Throwable t) {
                calls.fault("reading a stream event of " + who.site().method(), t);
            }
        };
        Runnable onEnd = () -> { };
        return async ? StainlessStreams.async(returned, onEvent, onEnd)
                : StainlessStreams.blocking(returned, onEvent, onEnd);
    }

    /**
     * The usage of one result ({@code MessageBatchIndividualResponse} or its beta twin): its succeeded message's,
     * as a batch call, or null for a request that is not billed. Never throws.
     */
    static ResponseUsage usage(UsageReader reader, Object individual) {
        try {
            Object result = RawFields.field(individual, "_result");
            Object succeeded = result == null ? null : RawFields.optional(result, "succeeded");
            Object message = succeeded == null ? null : RawFields.field(succeeded, "_message");
            ResponseUsage u = message == null ? null : reader.read(message);
            return u == null ? null : u.asBatch();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
