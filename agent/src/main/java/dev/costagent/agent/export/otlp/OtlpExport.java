package dev.costagent.agent.export.otlp;

import dev.costagent.agent.events.RecordedCall;
import dev.costagent.agent.events.RunSnapshot;
import dev.costagent.agent.export.ExportClassLoader;
import dev.costagent.agent.export.LiveFigures;
import dev.costagent.agent.integration.Integration;
import dev.costagent.agent.integration.IntegrationContext;
import dev.costagent.agent.log.AgentLog;
import dev.costagent.agent.log.Faults;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;

/**
 * The OTLP/HTTP metrics export (docs/observability.md). Its thread, {@code cost-agent-otlp}, builds the
 * OpenTelemetry SDK ({@code sdk.OtlpPipeline}: the SDK's classes load there, not while the program starts), then hands
 * each recorded call's token counts to the SDK, taking them from a bounded queue every 50 ms. The program's threads
 * only offer calls to that queue.
 *
 * <p>At the end of the run ({@link #close}, on the shutdown thread, after the run's files are written) the thread
 * takes what is left in the queue, and the SDK exports a last time; the shutdown thread waits for that at most
 * {@value #CLOSE_MILLIS} ms, so a collector that is down or hangs delays the JVM's exit by no more than that.
 */
public final class OtlpExport implements Integration {

    /** Loaded by {@link ExportClassLoader}, with the OpenTelemetry SDK, on the export's thread. */
    private static final String PIPELINE = "dev.costagent.agent.export.otlp.sdk.OtlpPipeline";

    public static final long CLOSE_MILLIS = 5_000;
    /** How often the export's thread takes the queued calls: well within the default interval; at exit it takes all. */
    private static final long DRAIN_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final IntegrationContext context;
    private final OtlpExportFactory.Config config;
    private final LiveFigures run;
    private final CallQueue queue;
    private final Logger log = AgentLog.get(OtlpExport.class);
    private final Faults faults;
    private final Thread thread;
    private volatile boolean closing;

    OtlpExport(IntegrationContext context, OtlpExportFactory.Config config) {
        this.context = context;
        this.config = config;
        this.run = new LiveFigures(context);
        this.queue = new CallQueue(CallQueue.CAPACITY);
        this.faults = context.faults();
        this.thread = new Thread(new Export(), "cost-agent-otlp");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public String name() {
        // The endpoint without what it may hold of credentials; the headers are never shown.
        return "OTLP metrics export to " + shownEndpoint(config.metricsEndpoint()) + " every "
                + config.interval().toMillis() + " ms";
    }

    public static String shownEndpoint(String url) {
        return url.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^@/]*@", "$1***@");
    }

    @Override
    public boolean wantsCalls() {
        return true;
    }

    @Override
    public void callRecorded(RecordedCall call) {
        queue.offer(call);
    }

    @Override
    public void runEnded(RunSnapshot snapshot) {
        run.ended(snapshot.status());
    }

    @Override
    public void close() {
        closing = true;
        LockSupport.unpark(thread);
        try {
            thread.join(CLOSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("the last OTLP export did not finish within {} ms; the program ends without waiting longer",
                    CLOSE_MILLIS);
        }
    }

    private void drain(OtlpSink pipeline) {
        for (RecordedCall call; (call = queue.poll()) != null; ) {
            pipeline.record(call);
        }
    }

    /** The export's thread: builds the SDK, feeds it the calls, and at the end exports the last time. */
    private final class Export implements Runnable {
        @Override
        public void run() {
            OtlpSink pipeline;
            try {
                pipeline = (OtlpSink) ExportClassLoader.call(PIPELINE, "start", new Class<?>[] {IntegrationContext.class,
                    LiveFigures.class, OtlpExportFactory.Config.class, Logger.class}, context, run, config, log);
            } catch (Throwable t) {
                faults.report("starting the OTLP export", t);
                return;
            }
            try {
                while (!closing) {
                    drain(pipeline);
                    queue.reportFirstDrops(log);
                    // Woken early only by close(): an offer never wakes this thread (see CallQueue).
                    LockSupport.parkNanos(DRAIN_NANOS);
                }
                drain(pipeline);
            } catch (Throwable t) {
                faults.report("handing calls to the OTLP export", t);
            } finally {
                queue.reportTotal(log);
                pipeline.shutdown();
            }
        }
    }
}
