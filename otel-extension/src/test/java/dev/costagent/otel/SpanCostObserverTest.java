package dev.costagent.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The observer against the real trace SDK: only an open gen_ai span that is current gets the cost. */
class SpanCostObserverTest {

    /** With no processor the SDK hands out non-recording spans: one that does nothing makes them record. */
    private final SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(new SpanProcessor() {
        @Override
        public void onStart(Context parentContext, ReadWriteSpan span) {
        }

        @Override
        public boolean isStartRequired() {
            return false;
        }

        @Override
        public void onEnd(ReadableSpan span) {
        }

        @Override
        public boolean isEndRequired() {
            return true;
        }
    }).build();
    private final Tracer tracer = provider.get("test");
    private final SpanCostObserver observer = new SpanCostObserver();

    @AfterEach
    void close() {
        provider.close();
    }

    private void call(long picos) {
        observer.callRecorded("draft", "gpt-4o", "openai", "openai.chat.completions.create", picos, true);
    }

    @Test
    void theCurrentGenAiSpanGetsTheCostInDollarsAndTheStage() {
        Span chat = tracer.spanBuilder("chat gpt-4o").setAttribute("gen_ai.operation.name", "chat").startSpan();
        try (Scope ignored = chat.makeCurrent()) {
            call(4_457_500_000L);
        }
        ReadableSpan r = (ReadableSpan) chat;
        assertEquals(0.0044575, r.getAttribute(SpanCostObserver.COST));
        assertEquals("draft", r.getAttribute(SpanCostObserver.STAGE));
        chat.end();
    }

    @Test
    void anyOtherSpanIsLeftAlone() {
        Span server = tracer.spanBuilder("GET /ideas").startSpan();
        try (Scope ignored = server.makeCurrent()) {
            call(1_000L);
        }
        assertNull(((ReadableSpan) server).getAttribute(SpanCostObserver.COST));
        server.end();

        Span ended = tracer.spanBuilder("chat").setAttribute("gen_ai.operation.name", "chat").startSpan();
        try (Scope ignored = ended.makeCurrent()) {
            ended.end();
            call(1_000L);
        }
        assertNull(((ReadableSpan) ended).getAttribute(SpanCostObserver.COST));
        assertNull(((ReadableSpan) ended).getAttribute(AttributeKey.stringKey("costagent.stage")));
        call(1_000L); // no current span at all: nothing to do, nothing thrown
    }
}
