package dev.costagent.otel;

import dev.costagent.agent.api.CallObservers;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.trace.ReadableSpan;

/**
 * Puts a call's cost on the OpenTelemetry agent's gen_ai span of that call: {@code gen_ai.usage.cost} (US dollars,
 * a double) and {@code costagent.stage}.
 *
 * <p>cost-agent records a call on the program's thread as the SDK method it hooks returns; the OpenTelemetry agent's
 * client span (the OpenAI chat completion span, for one) encloses that method and is the current span then. Only a
 * span that is still open and carries gen_ai attributes gets the cost: any other current span (the program's own,
 * a server span) is left alone, so that costs never land on a span that is not the call's.
 */
final class SpanCostObserver implements CallObservers.Observer {

    static final AttributeKey<Double> COST = AttributeKey.doubleKey("gen_ai.usage.cost");
    static final AttributeKey<String> STAGE = AttributeKey.stringKey("costagent.stage");
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    private static final double PICOS_PER_USD = 1e12;

    @Override
    public void callRecorded(String stage, String model, String provider, String operation, long picos,
                             boolean priced) {
        Span span = Span.current();
        if (!(span instanceof ReadableSpan)) {
            return;
        }
        ReadableSpan readable = (ReadableSpan) span;
        if (readable.hasEnded() || readable.getAttribute(OPERATION) == null) {
            return;
        }
        // Exact picodollars become a double only here: a correctly rounded division (see cost-agent's Dollars).
        span.setAttribute(COST, picos / PICOS_PER_USD);
        span.setAttribute(STAGE, stage);
    }
}
