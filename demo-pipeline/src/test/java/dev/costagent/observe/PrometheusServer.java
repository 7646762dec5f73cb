package dev.costagent.observe;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Prometheus server (the Debian package {@code prometheus}), started on a free loopback port with a temporary
 * folder and a scrape configuration for one target, queried over its HTTP API. Outside CI a missing binary skips the
 * test with one line; under {@code CI=true} it fails it.
 */
final class PrometheusServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final int port;
    private final Path log;

    private PrometheusServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The binary, or a skip (a failure under CI) saying why there is none. */
    static Path binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path p = Path.of(dir, "prometheus");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        String why = "prometheus is not installed (apt-get install -y prometheus)";
        if ("true".equals(System.getenv("CI"))) {
            fail(why);
        }
        Assumptions.abort(why);
        return null;
    }

    /** Starts it, scraping {@code target} ({@code host:port}) every 250 ms, and waits until it is ready. */
    static PrometheusServer start(Path dir, String target) throws IOException, InterruptedException {
        Path bin = binary();
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Files.createDirectories(dir);
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 250ms\n  scrape_timeout: 200ms\n"
                + "scrape_configs:\n  - job_name: cost-agent\n    static_configs:\n      - targets: ['" + target + "']\n");
        Path log = dir.resolve("prometheus.log");
        Process p = new ProcessBuilder(bin.toString(), "--config.file=" + config, "--storage.tsdb.path="
                + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusServer server = new PrometheusServer(p, port, log);
        server.awaitReady();
        return server;
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("prometheus exited:\n" + Files.readString(log));
            }
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/-/ready")).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            process.waitFor(100, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError("prometheus never became ready:\n" + Files.readString(log));
    }

    /** An instant query's result vector ({@code data.result}). */
    JsonNode query(String promql) throws IOException, InterruptedException {
        URI u = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(u).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(r.body());
        if (!"success".equals(body.path("status").asText())) {
            throw new AssertionError("query " + promql + " failed: " + r.body());
        }
        return body.at("/data/result");
    }

    /**
     * Waits until the query gives one sample whose value is {@code expected} (as Prometheus prints it), and returns
     * it; the scrape interval is short, so this is a few hundred milliseconds once the target is up.
     */
    JsonNode awaitValue(String promql, String expected) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = query(promql);
            if (last.size() == 1 && expected.equals(last.get(0).at("/value/1").asText())) {
                return last.get(0);
            }
            process.waitFor(100, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError(promql + " never gave " + expected + "; last " + last + "\n" + Files.readString(log));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
