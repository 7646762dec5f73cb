package dev.costagent.agent;

import dev.costagent.agent.budget.MainThreadFailure;
import dev.costagent.agent.config.AgentConfig;
import dev.costagent.agent.config.ConfigException;
import dev.costagent.agent.config.ConfigLoader;
import dev.costagent.agent.instrument.CostTransformer;
import dev.costagent.agent.log.AgentLog;
import dev.costagent.agent.pricing.CatalogException;
import dev.costagent.agent.pricing.CatalogLoader;
import dev.costagent.agent.pricing.PriceCatalog;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;

/**
 * Starts the agent: reads the configuration and the catalog (refusing bad ones before {@code main} runs),
 * builds the collaborators once, installs the transformer and registers the shutdown hook. Holds no state
 * beyond the once-per-JVM guard.
 *
 * <p>A second load in the same JVM (the jar given twice, or attached to a JVM that already runs it) is ignored
 * with a WARN. A failure to install (an environment that cannot transform classes) is one WARN, and the program
 * runs on without cost tracking.
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
        if (INSTALLED.get()) {
            ignoreSecondLoad(log, args);
            return;
        }
        Map<String, String> properties = systemProperties();
        try {
            String disabledBy = ConfigLoader.disabledBy(args, properties, System.getenv());
            if (disabledBy != null) {
                // The operator's kill switch: one line, and nothing else of the agent runs.
                System.err.println("[cost-agent] disabled by enabled=false (from " + disabledBy
                        + "); the program runs without cost tracking");
                return;
            }
        } catch (ConfigException e) {
            refuse(e.getMessage(), attached);
            return;
        }
        if (!attached) {
            // For java -jar: the application jar opened once instead of twice (ApplicationJar), while premain runs.
            HeadStart.start("cost-agent-jar", new ApplicationJar.Opening());
            // On a second core while this thread reads the configuration: the rewriting classes (ASM, the weaver),
            // so the first class to rewrite, often on the main thread, does not wait for them to load.
            HeadStart.start("cost-agent-preload", new Preload());
        }
        AgentConfig config;
        PriceCatalog catalog;
        try {
            config = ConfigLoader.load(args, properties, System.getenv(), Path.of("").toAbsolutePath());
            // The bundled catalog is built into the agent as objects (nothing to parse); a file is read here.
            catalog = config.catalogFile() == null ? CatalogLoader.loadBundled() : CatalogLoader.load(config.catalogFile());
        } catch (ConfigException | CatalogException e) {
            String line = e instanceof CatalogException
                    ? "cost-agent: invalid configuration: catalog: " + e.getMessage()
                    : e.getMessage();
            refuse(line, attached);
            return;
        }
        // Checked again: two attaches may race; a refused configuration above leaves the way open for a good one.
        if (!INSTALLED.compareAndSet(false, true)) {
            ignoreSecondLoad(log, args);
            return;
        }
        AgentLog.level(config.logLevel());
        for (String w : catalog.warnings()) {
            log.warn(w);
        }
        start(config, catalog, inst, attached, log);
    }

    /** The preload thread's work: the rewriting classes. */
    private static final class Preload implements Runnable {
        @Override
        public void run() {
            try {
                CostTransformer.preload();
            } catch (Throwable t) {
                // Only a head start: the real instrumenter is built when needed and reports its own faults.
            }
        }
    }

    private static void ignoreSecondLoad(Logger log, String args) {
        log.warn("already running in this JVM; the second load (arguments '{}') is ignored", args == null ? "" : args);
    }

    private static void start(AgentConfig config, PriceCatalog catalog, Instrumentation inst, boolean attached,
                              Logger log) {
        AgentComponents components;
        try {
            components = new AgentComponents(config, catalog, Clock.systemUTC());
            try {
                components.startIntegrations(Integrations.all(), attached);
            } catch (ConfigException e) {
                components.endIntegrations();
                INSTALLED.set(false);
                refuse(e.getMessage(), attached);
                return;
            }
            components.install(inst, attached);
        } catch (RuntimeException | LinkageError e) {
            log.warn("could not install ({}); the program runs without cost tracking", e.toString());
            return;
        }
        if (!attached) {
            // premain runs on the thread that then runs main.
            MainThreadFailure.watch(Thread.currentThread(), components.guard());
        }
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
