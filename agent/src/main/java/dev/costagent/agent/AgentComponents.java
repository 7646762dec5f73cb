package dev.costagent.agent;

import dev.costagent.agent.api.LiveRun;
import dev.costagent.agent.api.LiveRunBridge;
import dev.costagent.agent.budget.BudgetGuard;
import dev.costagent.agent.calls.CallRecorder;
import dev.costagent.agent.calls.CallTracker;
import dev.costagent.agent.config.AgentConfig;
import dev.costagent.agent.config.ConfigException;
import dev.costagent.agent.events.RunEvents;
import dev.costagent.agent.instrument.CostTransformer;
import dev.costagent.agent.instrument.Dispatch;
import dev.costagent.agent.instrument.LoadedClasses;
import dev.costagent.agent.instrument.SdkHooks;
import dev.costagent.agent.instrument.SiteRegistry;
import dev.costagent.agent.integration.Integration;
import dev.costagent.agent.integration.IntegrationContext;
import dev.costagent.agent.integration.IntegrationFactory;
import dev.costagent.agent.ledger.CostLedger;
import dev.costagent.agent.ledger.CostRecorder;
import dev.costagent.agent.ledger.Warnings;
import dev.costagent.agent.log.AgentLog;
import dev.costagent.agent.log.Faults;
import dev.costagent.agent.pricing.ModelResolver;
import dev.costagent.agent.pricing.PriceCatalog;
import dev.costagent.agent.report.RunReporter;
import dev.costagent.agent.report.RunSnapshots;
import dev.costagent.agent.report.text.ExitSummary;
import dev.costagent.agent.runtime.AdviceRouter;
import dev.costagent.agent.sdk.SdkModules;
import dev.costagent.agent.stage.ContextPropagation;
import dev.costagent.agent.stage.StageTracker;
import dev.costagent.agent.usage.FaultSink;
import dev.costagent.agent.usage.ReaderPrefetch;
import dev.costagent.agent.usage.UsageReader;
import java.lang.instrument.Instrumentation;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * The agent's collaborators for one run, built once and wired through constructors: the composition root. The
 * installer builds one for the JVM; tests build their own.
 *
 * <p>The run's events ({@link RunEvents}) are heard first by the report writer, then by the integrations the
 * settings switch on ({@link Integrations}).
 */
public final class AgentComponents {

    private final Faults faults;
    private final RunEvents events;
    private final CostLedger ledger;
    private final BudgetGuard guard;
    private final RunSnapshots snapshots;
    private final RunReporter reporter;
    private final AdviceRouter advice;
    private final LiveRun liveRun;
    private final CostTransformer transformer;
    private final AgentConfig config;
    private final SdkHooks hooks;
    private final StageTracker stages;
    private final Clock clock;
    private final List<Integration> integrations = new ArrayList<>();
    /** The one adapter through which instrumentation and readers report their faults. */
    private final FaultReports reports;

    public AgentComponents(AgentConfig config, PriceCatalog catalog, Clock clock) {
        this.config = config;
        this.clock = clock;
        Instant started = clock.instant();
        faults = new Faults(AgentLog.get(Faults.class));
        reports = new FaultReports(faults);
        events = new RunEvents(faults);
        ledger = new CostLedger();
        stages = new StageTracker();
        Warnings warnings = new Warnings(AgentLog.get(Warnings.class), events);
        guard = new BudgetGuard(config.budgetUsd(), ledger, stages, events, clock, AgentLog.get(BudgetGuard.class));
        CostRecorder recorder = new CostRecorder(new ModelResolver(catalog), ledger, warnings, events,
                config.warnOperationUsd(), config.warnRunUsd());
        snapshots = new RunSnapshots(RunIds.next(started), new WorkflowName(config.workflow()), started, clock, ledger,
                guard, warnings, faults);
        reporter = new RunReporter(snapshots, config.outDir(), config.logKeep(), AgentLog.get(RunReporter.class));
        events.add(reporter);
        if (config.summary()) {
            events.add(new ExitSummary(AgentLog.get(ExitSummary.class)));
        }
        SiteRegistry sites = new SiteRegistry();
        UsageReader usage = new UsageReader(SdkModules.ALL, reports);
        CallTracker calls = new CallTracker(stages,
                new CallRecorder(recorder, ledger, usage, faults, AgentLog.get(CallRecorder.class)), faults);
        advice = new AdviceRouter(sites, guard, recorder, calls, faults);
        liveRun = new LiveRun(recorder, ledger, guard, stages, faults);
        hooks = SdkHooks.of(config.sdks());
        transformer = new CostTransformer(sites, config.stages(), config.calls(), hooks, reports,
                new ReaderPrefetch(usage, AgentLog.get(ReaderPrefetch.class)));
    }

    /**
     * Makes the integrations the settings switch on, each a listener of the run from now on.
     *
     * @throws ConfigException when an integration refuses its settings (the JVM must not start {@code main})
     */
    public void startIntegrations(List<IntegrationFactory> factories, boolean attached) throws ConfigException {
        IntegrationContext context = new IntegrationContext(config, ledger, guard, snapshots, faults, clock, attached);
        Logger log = AgentLog.get(AgentComponents.class);
        for (IntegrationFactory f : factories) {
            Integration i = f.create(context);
            if (i != null) {
                integrations.add(i);
                events.add(i);
                log.info("{} is on", i.name());
            }
        }
    }

    /**
     * Makes these components the JVM's running agent: the transformer is registered, advice and the public API
     * reach them, and the files are written when the JVM ends.
     */
    public void install(Instrumentation inst, boolean attached) {
        boolean retransform = inst.isRetransformClassesSupported();
        // The transformer first: if the JVM refuses it, nothing claims to be tracking (CostAgent.isAttached()).
        inst.addTransformer(transformer, retransform);
        Dispatch.install(advice);
        LiveRunBridge.install(liveRun);
        // The hook next, so that whatever fails below, the run's figures are still written.
        Runtime.getRuntime().addShutdownHook(new Thread(new RunEnd(this), "cost-agent-report"));
        try {
            if (ContextPropagation.install(inst, stages, reports)) {
                // Executor classes loaded before this point (on JDK 25, BigInteger's first use loads ForkJoinPool)
                // are rewritten before main starts: done in the background, tasks the program hands to a pool at
                // once would run without their stage.
                ContextPropagation.retransformLoaded(inst, reports);
            }
        } catch (Throwable t) {
            faults.report("installing stage propagation to executors", t);
        }
        Runnable prepare = new Prepare(inst, retransform);
        // At start-up, this work overlaps the program's own start. The attach returns once the running program's
        // classes are rewritten, so what follows is priced; so does a start-up that cannot start the thread.
        if (attached || !HeadStart.start("cost-agent-init", prepare)) {
            prepare.run();
        }
    }

    // The collaborators below are small classes rather than lambdas: each lambda's first use spins a class (about a
    // millisecond each), and these all run while the host starts or ends.

    /** Hands the instrumentation's and the readers' faults to {@link Faults}. */
    private static final class FaultReports implements BiConsumer<String, Throwable>, FaultSink {
        private final Faults faults;

        FaultReports(Faults faults) {
            this.faults = faults;
        }

        @Override
        public void accept(String where, Throwable t) {
            faults.report(where, t);
        }

        @Override
        public void fault(String site, Throwable t) {
            faults.report(site, t);
        }
    }

    /** The run's workflow: the configured name, or the main class's simple name, known only once main has run. */
    private static final class WorkflowName implements Supplier<String> {
        private final String configured;

        WorkflowName(String configured) {
            this.configured = configured;
        }

        @Override
        public String get() {
            return configured != null ? configured : MainClass.simpleName();
        }
    }

    /**
     * The end of the run, on the shutdown thread: the integrations finish what belongs in the files (the last push
     * to a store), the final snapshot is taken and heard by every listener (the report writer first), then the
     * integrations stop.
     */
    private static final class RunEnd implements Runnable {
        private final AgentComponents c;

        RunEnd(AgentComponents c) {
            this.c = c;
        }

        @Override
        public void run() {
            c.endRun();
        }
    }

    /** Ends the run: see {@link RunEnd}. Tests call it in place of the JVM's shutdown. */
    public void endRun() {
        events.runEnding();
        events.runEnded(snapshots.get());
        endIntegrations();
    }

    /** Stops the integrations started so far. */
    void endIntegrations() {
        for (Integration i : integrations) {
            try {
                i.close();
            } catch (Throwable t) {
                faults.report("closing " + i.name(), t);
            }
        }
    }

    /** Builds the instrumenter and rewrites the candidate classes loaded before the agent. */
    private final class Prepare implements Runnable {
        private final Instrumentation inst;
        private final boolean retransform;

        Prepare(Instrumentation inst, boolean retransform) {
            this.inst = inst;
            this.retransform = retransform;
        }

        @Override
        public void run() {
            try {
                transformer.warmUp();
                // Classes loaded before the agent: few at start-up, all of them when attached to a running JVM.
                if (retransform) {
                    LoadedClasses.retransform(inst, hooks, config.stages(), config.calls(), reports);
                }
            } catch (Throwable t) {
                faults.report("preparing instrumentation", t);
            }
        }
    }

    public Faults faults() {
        return faults;
    }

    public CostLedger ledger() {
        return ledger;
    }

    public BudgetGuard guard() {
        return guard;
    }

    public RunReporter reporter() {
        return reporter;
    }

    public RunSnapshots snapshots() {
        return snapshots;
    }

    public RunEvents events() {
        return events;
    }

    /** What woven advice calls ({@code Dispatch}'s handler). */
    public AdviceRouter advice() {
        return advice;
    }

    public CostTransformer transformer() {
        return transformer;
    }
}
