package dev.costagent.observe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A loopback OTLP/HTTP collector for the tests: {@code POST /v1/metrics} and {@code /v1/traces} with protobuf
 * bodies, decoded with opentelemetry-proto's own classes and kept in arrival order. A hanging receiver takes each
 * request and never answers, as a stuck collector does, until it is closed.
 */
final class OtlpReceiver implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "otlp-receiver");
        t.setDaemon(true);
        return t;
    });
    private final boolean hang;
    private final CountDownLatch released = new CountDownLatch(1);
    final List<ExportMetricsServiceRequest> metrics = new CopyOnWriteArrayList<>();
    final List<ExportTraceServiceRequest> traces = new CopyOnWriteArrayList<>();
    /** The request headers of the last metrics request, lower-cased names. */
    final Map<String, String> lastHeaders = new ConcurrentHashMap<>();
    private final CountDownLatch firstRequest = new CountDownLatch(1);
    /** Requests that could not be decoded. */
    final List<Exception> failures = new CopyOnWriteArrayList<>();

    private OtlpReceiver(boolean hang) throws IOException {
        this.hang = hang;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/v1/metrics", x -> handle(x, this::metrics));
        server.createContext("/v1/traces", x -> handle(x, this::traces));
        server.setExecutor(threads);
        server.start();
    }

    static OtlpReceiver start() throws IOException {
        return new OtlpReceiver(false);
    }

    /** One that accepts each request and never answers. */
    static OtlpReceiver hanging() throws IOException {
        return new OtlpReceiver(true);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private interface Handler {
        void handle(HttpExchange x) throws IOException;
    }

    /** A request the receiver cannot decode is answered 400 and kept as a failure for the test to show. */
    private void handle(HttpExchange x, Handler h) throws IOException {
        try {
            h.handle(x);
        } catch (RuntimeException | IOException e) {
            failures.add(e);
            x.sendResponseHeaders(400, -1);
            x.close();
        }
    }

    private void metrics(HttpExchange x) throws IOException {
        byte[] body = read(x);
        firstRequest.countDown();
        if (hang) {
            awaitRelease();
            x.close();
            return;
        }
        x.getRequestHeaders().forEach((k, v) -> lastHeaders.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
        metrics.add(ExportMetricsServiceRequest.parseFrom(body));
        answer(x, ExportMetricsServiceResponse.getDefaultInstance().toByteArray());
    }

    private void traces(HttpExchange x) throws IOException {
        byte[] body = read(x);
        traces.add(ExportTraceServiceRequest.parseFrom(body));
        answer(x, ExportTraceServiceResponse.getDefaultInstance().toByteArray());
    }

    private static byte[] read(HttpExchange x) throws IOException {
        try (InputStream in = x.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    private static void answer(HttpExchange x, byte[] body) throws IOException {
        x.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        x.sendResponseHeaders(200, body.length);
        x.getResponseBody().write(body);
        x.close();
    }

    private void awaitRelease() {
        try {
            released.await(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the first metrics request to arrive (answered or not). */
    boolean awaitFirstRequest(long seconds) throws InterruptedException {
        return firstRequest.await(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
