package dev.costagent.agent.export.prometheus.client;

import dev.costagent.agent.events.RunSnapshot;
import dev.costagent.agent.export.LiveFigures;
import dev.costagent.agent.integration.Integration;
import dev.costagent.agent.integration.IntegrationContext;
import dev.costagent.agent.log.AgentLog;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetAddress;

/**
 * Serves {@code /metrics} (Prometheus text, or OpenMetrics when the scraper asks for it) with client_java's HTTP
 * server, on its own daemon threads. Every figure is read from the ledger when a scrape comes
 * ({@link LedgerMetrics}), so the program's calls pay nothing for it.
 */
public final class PrometheusExport implements Integration {

    private final HTTPServer server;
    private final LiveFigures run;
    private final String name;

    private PrometheusExport(HTTPServer server, LiveFigures run, String name) {
        this.server = server;
        this.run = run;
        this.name = name;
    }

    /**
     * Binds the endpoint. Called by {@code PrometheusExportFactory} through {@code ExportClassLoader}.
     *
     * @param address the address to listen on, or null for all interfaces
     * @throws IOException when it cannot be bound (the port is in use, the address is not this machine's)
     */
    public static Integration start(IntegrationContext context, InetAddress address, int port) throws IOException {
        LiveFigures run = new LiveFigures(context);
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new LedgerMetrics(run, AgentLog.get(PrometheusExport.class)));
        // Built from defaults, not PrometheusProperties.get(): that would read the program's prometheus.properties
        // and io.prometheus.* system properties, which are the program's settings for its own metrics, not ours.
        HTTPServer.Builder b = HTTPServer.builder(PrometheusProperties.builder().build()).port(port).registry(registry);
        if (address != null) {
            b.inetAddress(address);
        }
        HTTPServer server = b.buildAndStart();
        String where = (address == null ? "all interfaces" : address.getHostAddress()) + ":" + server.getPort();
        return new PrometheusExport(server, run, "Prometheus endpoint on " + where + " (/metrics)");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void runEnded(RunSnapshot snapshot) {
        run.ended(snapshot.status());
    }

    @Override
    public void close() {
        // Stops at once: a scrape in progress is cut, the run is over.
        server.close();
    }
}
