package dev.costagent.agent.export.otlp.sdk;

import dev.costagent.agent.events.RecordedCall;
import dev.costagent.agent.export.Dollars;
import dev.costagent.agent.export.LabelCap;
import dev.costagent.agent.export.LiveFigures;
import dev.costagent.agent.export.otlp.GenAiNames;
import dev.costagent.agent.export.otlp.OtlpExport;
import dev.costagent.agent.export.otlp.OtlpExportFactory;
import dev.costagent.agent.export.otlp.OtlpSink;
import dev.costagent.agent.integration.IntegrationContext;
import dev.costagent.agent.ledger.CostLedger;
import dev.costagent.agent.value.Money;
import dev.costagent.agent.value.TokenCounts;
import dev.costagent.agent.value.Totals;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporterBuilder;
import io.opentelemetry.sdk.metrics.ExemplarFilter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * The OpenTelemetry SDK as the export uses it, built in code (no autoconfigure, no service lookup: see
 * {@link JdkSenderLoader}): a meter provider with one periodic reader and the OTLP/HTTP protobuf exporter.
 *
 * <p>The metrics: {@code gen_ai.client.token.usage}, recorded per call from the queue; the spend
 * ({@code costagent.cost}, USD), calls and unmetered calls as asynchronous counters read from the ledger's cells at
 * each collection, so they are exact and nothing the queue drops touches them; the budget gauges.
 *
 * <p>Thread-safety: {@link #record} on the export's thread only; the callbacks run on the reader's thread.
 */
public final class OtlpPipeline implements OtlpSink {

    /** A single export's timeout: the reader's thread waits no longer for a collector that hangs. */
    static final Duration EXPORT_TIMEOUT = Duration.ofSeconds(2);
    /** The conventions' advice for {@code gen_ai.client.token.usage}. */
    static final List<Long> TOKEN_BUCKETS = List.of(1L, 4L, 16L, 64L, 256L, 1024L, 4096L, 16384L, 65536L, 262144L,
            1048576L, 4194304L, 16777216L, 67108864L);

    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
    static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    static final AttributeKey<String> TOKEN_TYPE = AttributeKey.stringKey("gen_ai.token.type");
    static final AttributeKey<String> STAGE = AttributeKey.stringKey("costagent.stage");
    static final AttributeKey<String> COST_OPERATION = AttributeKey.stringKey("costagent.operation");

    private final SdkMeterProvider provider;
    private final LongHistogram tokens;
    private final LiveFigures run;
    private final ReportingExporter exporter;
    private final LabelCap stages;
    private final LabelCap models;
    private final LabelCap operations;
    /** The histogram's attributes per call shape, input then output: made once, not per call. */
    private final Map<List<String>, Attributes[]> shapes = new HashMap<>();

    private OtlpPipeline(SdkMeterProvider provider, Meter meter, LiveFigures run, ReportingExporter exporter, Logger log) {
        this.provider = provider;
        this.run = run;
        this.exporter = exporter;
        this.stages = new LabelCap("costagent.stage", LabelCap.DEFAULT, log);
        this.models = new LabelCap("gen_ai.request.model", LabelCap.DEFAULT, log);
        this.operations = new LabelCap("costagent.operation", LabelCap.DEFAULT, log);
        this.tokens = meter.histogramBuilder("gen_ai.client.token.usage").ofLongs().setUnit("{token}")
                .setDescription("Number of input and output tokens used").setExplicitBucketBoundariesAdvice(TOKEN_BUCKETS)
                .build();
        ObservableDoubleMeasurement cost = meter.counterBuilder("costagent.cost").ofDoubles().setUnit("USD")
                .setDescription("Spend in US dollars, by stage, model, provider and operation").buildObserver();
        ObservableLongMeasurement calls = meter.counterBuilder("costagent.calls").setUnit("{call}")
                .setDescription("LLM calls recorded, by stage, model, provider and operation").buildObserver();
        meter.batchCallback(() -> observeCells(cost, calls), cost, calls);
        meter.counterBuilder("costagent.unmetered_calls").setUnit("{call}")
                .setDescription("Calls whose response had no readable token usage")
                .buildWithCallback(m -> m.record(run.ledger().unmeteredCalls()));
        meter.gaugeBuilder("costagent.budget").setUnit("USD").setDescription("The budget in force (absent without one)")
                .buildWithCallback(m -> {
                    BigDecimal b = run.budgetUsd();
                    if (b != null) {
                        m.record(Dollars.of(Money.picos(b)));
                    }
                });
        meter.gaugeBuilder("costagent.budget.remaining").setUnit("USD")
                .setDescription("The budget less what counts against it; negative once over it (absent without one)")
                .buildWithCallback(m -> {
                    Long r = run.remainingPicos();
                    if (r != null) {
                        m.record(Dollars.of(r));
                    }
                });
    }

    /** Builds the SDK. Called by {@code OtlpExport} through {@code ExportClassLoader}. */
    public static OtlpSink start(IntegrationContext context, LiveFigures run, OtlpExportFactory.Config config, Logger log) {
        SdkLogging.routeTo(log);
        OtlpHttpMetricExporterBuilder b = OtlpHttpMetricExporter.builder()
                .setEndpoint(config.metricsEndpoint())
                .setTimeout(EXPORT_TIMEOUT)
                .setConnectTimeout(EXPORT_TIMEOUT)
                .setComponentLoader(new JdkSenderLoader())
                // The exporter's own telemetry would otherwise look up GlobalOpenTelemetry.
                .setMeterProvider(MeterProvider::noop);
        config.headers().forEach(b::addHeader);
        ReportingExporter exporter = new ReportingExporter(b.build(), OtlpExport.shownEndpoint(
                config.metricsEndpoint()), log);
        SdkMeterProvider provider = SdkMeterProvider.builder()
                .setResource(resource(context, run))
                .setExemplarFilter(ExemplarFilter.alwaysOff())
                .registerMetricReader(PeriodicMetricReader.builder(exporter).setInterval(config.interval())
                        // Its default is the interval, which would cut the last export of a short interval short.
                        .setExporterTimeout(EXPORT_TIMEOUT.plusSeconds(1)).build())
                .build();
        Meter meter = provider.meterBuilder("dev.costagent").setInstrumentationVersion(version()).build();
        return new OtlpPipeline(provider, meter, run, exporter, log);
    }

    /**
     * {@code service.name} as the program's OpenTelemetry setup names it ({@code otel.service.name},
     * {@code OTEL_SERVICE_NAME}), so that the spend sits beside the program's own telemetry; else the workflow.
     */
    private static Resource resource(IntegrationContext context, LiveFigures run) {
        String service = System.getProperty("otel.service.name");
        if (service == null || service.isBlank()) {
            service = System.getenv("OTEL_SERVICE_NAME");
        }
        if (service == null || service.isBlank()) {
            service = run.workflow();
        }
        return Resource.getDefault().merge(Resource.create(Attributes.of(
                AttributeKey.stringKey("service.name"), service,
                AttributeKey.stringKey("service.instance.id"), run.runId(),
                AttributeKey.stringKey("costagent.workflow"), run.workflow())));
    }

    private static String version() {
        String v = OtlpPipeline.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** One call's input and output tokens into the histogram; a cost the program reported has none. */
    @Override
    public void record(RecordedCall call) {
        TokenCounts t = call.tokens();
        long input = t.input() + t.cacheRead() + t.cacheWrite() + t.cacheWrite1h();
        if (input == 0 && t.output() == 0) {
            return;
        }
        Attributes[] a = attributes(call);
        // The conventions count every input token, cached ones included, as input.
        tokens.record(input, a[0]);
        tokens.record(t.output(), a[1]);
    }

    private Attributes[] attributes(RecordedCall call) {
        String stage = stages.apply(call.stage());
        String model = models.apply(call.model());
        String responseModel = call.responseModel() == null ? model : models.apply(call.responseModel());
        String operation = operations.apply(call.operation());
        List<String> shape = List.of(stage, model, responseModel, call.provider(), operation);
        Attributes[] a = shapes.get(shape);
        if (a == null) {
            Attributes common = Attributes.builder()
                    .put(OPERATION, GenAiNames.operation(operation))
                    .put(PROVIDER, GenAiNames.provider(call.provider()))
                    .put(REQUEST_MODEL, model)
                    .put(RESPONSE_MODEL, responseModel)
                    .put(STAGE, stage)
                    .build();
            a = new Attributes[] {common.toBuilder().put(TOKEN_TYPE, "input").build(),
                common.toBuilder().put(TOKEN_TYPE, "output").build()};
            shapes.put(shape, a);
        }
        return a;
    }

    /** The spend and calls of every cell, under capped attributes (cells beyond a cap are summed). */
    private void observeCells(ObservableDoubleMeasurement cost, ObservableLongMeasurement calls) {
        Map<Attributes, Totals> sums = new HashMap<>();
        for (Map.Entry<CostLedger.Key, Totals> e : run.ledger().cells()) {
            CostLedger.Key k = e.getKey();
            Attributes a = Attributes.of(STAGE, stages.apply(k.stage()), REQUEST_MODEL, models.apply(k.model()),
                    PROVIDER, GenAiNames.provider(k.provider()), COST_OPERATION, operations.apply(k.operation()));
            sums.merge(a, e.getValue(), Totals::plus);
        }
        for (Map.Entry<Attributes, Totals> e : sums.entrySet()) {
            cost.record(Dollars.of(e.getValue().picos()), e.getKey());
            calls.record(e.getValue().calls(), e.getKey());
        }
    }

    /** The last collection and export, then the SDK's threads stop. Blocks for at most the SDK's bounds. */
    @Override
    public void shutdown() {
        provider.shutdown().join(OtlpExport.CLOSE_MILLIS, TimeUnit.MILLISECONDS);
        exporter.reportTotals();
    }
}
