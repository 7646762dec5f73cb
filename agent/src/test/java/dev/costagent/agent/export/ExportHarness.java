package dev.costagent.agent.export;

import dev.costagent.agent.AgentComponents;
import dev.costagent.agent.config.AgentConfig;
import dev.costagent.agent.config.ConfigException;
import dev.costagent.agent.config.ConfigLoader;
import dev.costagent.agent.integration.IntegrationContext;
import dev.costagent.agent.integration.IntegrationFactory;
import dev.costagent.agent.log.AgentLog;
import dev.costagent.agent.log.Faults;
import dev.costagent.agent.pricing.CatalogException;
import dev.costagent.agent.stage.StageTracker;
import dev.costagent.fixtures.TestRuns;
import java.time.Instant;
import dev.costagent.agent.ledger.CostLedger;
import dev.costagent.agent.pricing.CatalogLoader;
import dev.costagent.agent.value.TokenCounts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's components with one export switched on by its real settings, for the exports' tests: they record into
 * the ledger as the recorder does and read what the export shows.
 */
public final class ExportHarness implements AutoCloseable {

    public final AgentComponents components;
    private boolean ended;

    private ExportHarness(AgentComponents components) {
        this.components = components;
    }

    /**
     * @param properties system properties as given ({@code costagent.prometheus.port} ...)
     */
    public static ExportHarness start(Path out, Map<String, String> properties, IntegrationFactory factory)
            throws Exception {
        AgentComponents c = components(out, properties);
        c.startIntegrations(List.of(factory), false);
        return new ExportHarness(c);
    }

    /** The components of a run with these settings, without integrations. */
    public static AgentComponents components(Path out, Map<String, String> properties) throws ConfigException, CatalogException {
        Map<String, String> p = new HashMap<>(properties);
        p.putIfAbsent("costagent.out", out.toString());
        p.putIfAbsent("costagent.workflow", "ExportTest");
        p.putIfAbsent("costagent.summary", "false");
        AgentConfig config = ConfigLoader.load(null, p, Map.of(), out);
        return new AgentComponents(config, CatalogLoader.loadBundled(), Clock.systemUTC());
    }

    /** The context an integration factory is given, for a run with these settings and no budget. */
    public static IntegrationContext context(Path out, Map<String, String> properties) throws ConfigException {
        Map<String, String> p = new HashMap<>(properties);
        p.putIfAbsent("costagent.out", out.toString());
        AgentConfig config = ConfigLoader.load(null, p, Map.of(), out);
        CostLedger ledger = new CostLedger();
        return new IntegrationContext(config, ledger, TestRuns.guard(config.budgetUsd(), ledger, new StageTracker()),
                TestRuns.snapshots("run-1", "ExportTest", Instant.now(), ledger),
                new Faults(AgentLog.get(ExportHarness.class)), Clock.systemUTC(), false);
    }

    /** Records one call into the run's ledger, as the recorder does for a priced call. */
    public void record(String stage, String model, String provider, String operation, TokenCounts tokens,
                       long picos) {
        components.ledger().record(new CostLedger.Key(stage, model, provider, operation, true), tokens, picos);
    }

    /** Ends the run as the shutdown hook does: the files are written, the integrations closed. */
    public void end() {
        if (!ended) {
            ended = true;
            components.endRun();
        }
    }

    @Override
    public void close() {
        end();
    }

    /** A loopback port nobody listens on right now. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
