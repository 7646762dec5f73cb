package dev.costagent.agent.export.otlp;

import dev.costagent.agent.events.RecordedCall;

/**
 * The OpenTelemetry SDK as {@link OtlpExport} drives it, without naming any of its classes ({@code sdk.OtlpPipeline}
 * implements it, in the exports' class loader). Both methods are called on the export's thread only.
 */
public interface OtlpSink {

    /** One call's token counts into {@code gen_ai.client.token.usage}. */
    void record(RecordedCall call);

    /** The last collection and export; the SDK's threads stop. Bounded. */
    void shutdown();
}
