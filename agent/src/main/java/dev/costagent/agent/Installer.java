package dev.costagent.agent;

import dev.costagent.agent.api.LiveRunBridge;
import dev.costagent.agent.config.AgentConfig;
import dev.costagent.agent.config.ConfigException;
import dev.costagent.agent.config.ConfigLoader;
import dev.costagent.agent.instrument.CostTransformer;
import dev.costagent.agent.instrument.Dispatch;
import dev.costagent.agent.instrument.SiteRegistry;
import dev.costagent.agent.ledger.BudgetGuard;
import dev.costagent.agent.ledger.CostLedger;
import dev.costagent.agent.ledger.CostRecorder;
import dev.costagent.agent.ledger.StageTracker;
import dev.costagent.agent.ledger.Warnings;
import dev.costagent.agent.log.AgentLog;
import dev.costagent.agent.pricing.CatalogException;
import dev.costagent.agent.pricing.CatalogLoader;
import dev.costagent.agent.pricing.ModelResolver;
import dev.costagent.agent.pricing.PriceCatalog;
import dev.costagent.agent.report.RunReporter;
import dev.costagent.agent.runtime.AgentRuntime;
import dev.costagent.agent.runtime.Faults;
import dev.costagent.agent.usage.UsageReader;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;

/**
 * Starts the agent: reads the configuration and the catalog (refusing bad ones before {@code main} runs),
 * builds the collaborators once, installs the transformer and registers the shutdown hook. Holds no state
 * beyond the once-per-JVM guard.
 */
public final class Installer {

    /** Exit status for a configuration that cannot be right. */
    public static final int BAD_CONFIG_STATUS = 2;

    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

    private Installer() {
    }

    /** Called by {@link AgentEntry} through the bootstrap class loader. */
    public static void install(String args, Instrumentation inst, boolean attached) {
        Logger log = AgentLog.get(Installer.class);
        if (!INSTALLED.compareAndSet(false, true)) {
            log.warn("already running in this JVM; the second load (arguments '{}') is ignored", args);
            return;
        }
        AgentConfig config;
        PriceCatalog catalog;
        try {
            config = ConfigLoader.load(args, systemProperties(), System.getenv(), Path.of("").toAbsolutePath());
            AgentLog.level(config.logLevel());
            catalog = config.catalogFile() == null ? CatalogLoader.loadBundled() : CatalogLoader.load(config.catalogFile());
        } catch (ConfigException | CatalogException e) {
            String line = e instanceof CatalogException
                    ? "cost-agent: invalid configuration: catalog: " + e.getMessage()
                    : e.getMessage();
            refuse(line, attached);
            return;
        }
        for (String w : catalog.warnings()) {
            log.warn(w);
        }
        start(config, catalog, inst, log);
    }

    private static void start(AgentConfig config, PriceCatalog catalog, Instrumentation inst, Logger log) {
        Instant started = Instant.now();
        Faults faults = new Faults(AgentLog.get(Faults.class));
        CostLedger ledger = new CostLedger();
        StageTracker stages = new StageTracker();
        Warnings warnings = new Warnings(AgentLog.get(Warnings.class));
        BudgetGuard guard = new BudgetGuard(config.budgetUsd(), ledger, stages, AgentLog.get(BudgetGuard.class));
        CostRecorder recorder = new CostRecorder(new ModelResolver(catalog), ledger, warnings,
                config.warnOperationUsd(), config.warnRunUsd());
        RunReporter reporter = new RunReporter(RunIds.next(started), () -> config.workflow() != null
                ? config.workflow() : MainClass.simpleName(), started, config.outDir(), ledger, guard, warnings,
                Clock.systemUTC(), AgentLog.get(RunReporter.class));
        guard.onStop(stop -> reporter.write());
        SiteRegistry sites = new SiteRegistry();
        AgentRuntime runtime = new AgentRuntime(sites, stages, guard, recorder, ledger,
                new UsageReader(faults::report), faults, AgentLog.get(AgentRuntime.class));
        Dispatch.install(runtime);
        LiveRunBridge.install(runtime);
        inst.addTransformer(new CostTransformer(sites, config.stages(), config.calls(), faults::report), true);
        Thread hook = new Thread(reporter::write, "cost-agent-report");
        Runtime.getRuntime().addShutdownHook(hook);
        log.info("tracking LLM costs: budget {}, catalog {} ({} models{}), output {}",
                config.budgetUsd() == null ? "none" : "$" + config.budgetUsd().toPlainString(), catalog.source(),
                catalog.models().size(),
                catalog.pricesChecked() == null ? "" : ", prices checked " + catalog.pricesChecked(),
                config.outDir());
    }

    /** A bad setting stops a JVM that has not started {@code main} yet; an attach only fails, the program goes on. */
    private static void refuse(String line, boolean attached) {
        System.err.println(line);
        if (!attached) {
            System.exit(BAD_CONFIG_STATUS);
        }
    }

    private static Map<String, String> systemProperties() {
        Map<String, String> out = new HashMap<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            out.put(name, System.getProperty(name));
        }
        return out;
    }
}
