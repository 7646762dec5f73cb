package dev.costagent.agent.export.otlp.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.exporter.internal.FailedExportException;
import io.opentelemetry.sdk.common.export.HttpResponse;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** The one line a failed export gets says what the operator needs to know, without the exporter's wrapping. */
class ReportingExporterTest {

    @Test
    void aRejectionNamesTheStatusAFailureItsRootCause() {
        HttpResponse unauthorized = new HttpResponse() {
            @Override
            public int getStatusCode() {
                return 401;
            }

            @Override
            public String getStatusMessage() {
                return "Unauthorized";
            }

            @Override
            public byte[] getResponseBody() {
                return new byte[0];
            }
        };
        assertEquals("HTTP 401 from the collector",
                ReportingExporter.reason(FailedExportException.httpFailedWithResponse(unauthorized)));
        assertEquals("java.net.ConnectException: Connection refused", ReportingExporter.reason(
                FailedExportException.httpFailedExceptionally(new UncheckedIOException(
                        new ConnectException("Connection refused")))));
        assertEquals("the collector refused it", ReportingExporter.reason(null));
    }
}
