package dev.costagent.agent.export.otlp.sdk;

import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.slf4j.Logger;

/**
 * Keeps the OpenTelemetry SDK's {@code java.util.logging} output (a WARNING per failed export, every interval) off the
 * program's standard error: it goes to the agent's log at debug level ({@code costagent.log=debug} shows it), and
 * the export's own lines ({@link ReportingExporter}) say what matters once.
 */
final class SdkLogging {

    /** Held: {@code java.util.logging} keeps loggers only weakly, and a collected one would lose its settings. */
    private static volatile java.util.logging.Logger sdkRoot;

    private SdkLogging() {
    }

    static synchronized void routeTo(Logger log) {
        if (sdkRoot != null) {
            return;
        }
        // The SDK's package root as bundled: io.opentelemetry, or its relocated name in the agent jar.
        String name = SdkMeterProvider.class.getName();
        java.util.logging.Logger root = java.util.logging.Logger.getLogger(name.substring(0, name.indexOf(".sdk.")));
        root.setUseParentHandlers(false);
        root.addHandler(new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (log.isDebugEnabled()) {
                    log.debug("OpenTelemetry SDK {}: {}", r.getLevel(), r.getMessage(), r.getThrown());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        root.setLevel(Level.INFO);
        sdkRoot = root;
    }
}
