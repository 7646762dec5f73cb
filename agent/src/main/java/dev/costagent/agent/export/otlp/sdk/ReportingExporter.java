package dev.costagent.agent.export.otlp.sdk;

import io.opentelemetry.exporter.internal.FailedExportException;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * The OTLP exporter, with its failures told once: the first failed export is one WARN naming the reason (a collector
 * down, a 401), later ones are counted, and the count is given at exit. The SDK's own logging of each failure is
 * kept off the program's standard error ({@link SdkLogging}).
 *
 * <p>Thread-safety: safe; exports complete on the sender's threads.
 */
final class ReportingExporter implements MetricExporter {

    private final MetricExporter delegate;
    private final String endpoint;
    private final Logger log;
    private final AtomicLong exports = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicBoolean warned = new AtomicBoolean();

    ReportingExporter(MetricExporter delegate, String endpoint, Logger log) {
        this.delegate = delegate;
        this.endpoint = endpoint;
        this.log = log;
    }

    @Override
    public CompletableResultCode export(Collection<MetricData> metrics) {
        exports.incrementAndGet();
        CompletableResultCode result = delegate.export(metrics);
        result.whenComplete(new Outcome(result));
        return result;
    }

    /**
     * Counts and reports one export's outcome once it is known. A named class: a lambda capturing this exporter failed
     * to link on JDK 17 under the exports' class loader (NoClassDefFoundError for MetricExporter, which the
     * bootstrap loader, asked first for the lambda's types, cannot see).
     */
    private final class Outcome implements Runnable {
        private final CompletableResultCode result;

        Outcome(CompletableResultCode result) {
            this.result = result;
        }

        @Override
        public void run() {
            if (!result.isSuccess()) {
                failures.incrementAndGet();
                if (warned.compareAndSet(false, true)) {
                    log.warn("OTLP export to {} failed ({}); the program is not affected, later failures are "
                            + "counted", endpoint, reason(result.getFailureThrowable()));
                }
            }
        }
    }

    /** What went wrong, plainly: the collector's HTTP status, else the root cause (connection refused, a timeout). */
    static String reason(Throwable why) {
        if (why == null) {
            return "the collector refused it";
        }
        if (why instanceof FailedExportException.HttpExportException h && h.getResponse() != null) {
            return "HTTP " + h.getResponse().getStatusCode() + " from the collector";
        }
        Throwable root = why;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }

    /** At exit: how many exports failed, when any did. */
    void reportTotals() {
        long f = failures.get();
        if (f > 0) {
            log.warn("{} of {} OTLP exports to {} failed", f, exports.get(), endpoint);
        }
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
        return delegate.getAggregationTemporality(instrumentType);
    }

    @Override
    public Aggregation getDefaultAggregation(InstrumentType instrumentType) {
        return delegate.getDefaultAggregation(instrumentType);
    }

    @Override
    public MemoryMode getMemoryMode() {
        return delegate.getMemoryMode();
    }

    @Override
    public CompletableResultCode flush() {
        return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
        return delegate.shutdown();
    }
}
