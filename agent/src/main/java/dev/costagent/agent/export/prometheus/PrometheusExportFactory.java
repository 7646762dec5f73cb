package dev.costagent.agent.export.prometheus;

import dev.costagent.agent.config.ConfigException;
import dev.costagent.agent.config.Key;
import dev.costagent.agent.config.Settings;
import dev.costagent.agent.export.ExportClassLoader;
import dev.costagent.agent.integration.Integration;
import dev.costagent.agent.integration.IntegrationContext;
import dev.costagent.agent.integration.IntegrationFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Switches the Prometheus endpoint on when {@code costagent.prometheus.port} is given. Names none of the Prometheus
 * client's classes: with the port unset, none of them load.
 *
 * <p>The endpoint is bound here, before {@code main}: a port in use or a host that cannot be bound stops the JVM
 * with exit status 2 and one line, rather than a program that runs unwatched.
 */
public final class PrometheusExportFactory implements IntegrationFactory {

    /** Loaded by {@link ExportClassLoader}, with the Prometheus client, only when the endpoint is on. */
    private static final String EXPORT = "dev.costagent.agent.export.prometheus.client.PrometheusExport";

    @Override
    public Integration create(IntegrationContext context) throws ConfigException {
        Settings s = context.config().settings();
        long port = s.number(Key.PROMETHEUS_PORT, 1, 65535, -1);
        String host = s.nonEmpty(Key.PROMETHEUS_HOST, "a host name or IP address to listen on");
        if (port < 0) {
            if (host != null) {
                throw s.invalid(Key.PROMETHEUS_HOST, "costagent.prometheus.port beside it (the host alone serves "
                        + "nothing)");
            }
            return null;
        }
        InetAddress address = null;
        if (host != null) {
            try {
                address = InetAddress.getByName(host);
            } catch (UnknownHostException | SecurityException e) {
                throw s.invalid(Key.PROMETHEUS_HOST, "a host name or IP address of this machine (" + e.getMessage()
                        + ")");
            }
        }
        try {
            return (Integration) ExportClassLoader.call(EXPORT, "start", new Class<?>[] {IntegrationContext.class,
                InetAddress.class, int.class}, context, address, (int) port);
        } catch (IOException e) {
            throw s.invalid(Key.PROMETHEUS_PORT, "a port free to listen on" + (host == null ? "" : " at " + host)
                    + " (" + e.getMessage() + ")");
        } catch (Exception | LinkageError e) {
            // The agent's own fault (a class missing from a broken jar): the endpoint stays off, the run is tracked.
            context.faults().report("starting the Prometheus endpoint", e);
            return null;
        }
    }
}
