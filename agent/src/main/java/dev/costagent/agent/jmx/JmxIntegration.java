package dev.costagent.agent.jmx;

import dev.costagent.BudgetExceededException;
import dev.costagent.agent.events.BudgetStop;
import dev.costagent.agent.events.RunSnapshot;
import dev.costagent.agent.events.StageEnded;
import dev.costagent.agent.export.LiveFigures;
import dev.costagent.agent.integration.Integration;
import dev.costagent.agent.integration.IntegrationContext;
import dev.costagent.agent.log.AgentLog;
import dev.costagent.agent.log.Faults;
import dev.costagent.agent.value.Money;
import org.slf4j.Logger;

/**
 * The run as the {@code dev.costagent:type=CostAgent} MBean shows it. The MBean is registered on a thread of its own
 * ({@code cost-agent-jmx}): loading JMX and the platform MBean server takes tens of milliseconds, which the
 * program's start should not wait for. Until it is registered, nobody can be listening, so events before then are
 * only counted into the figures the MBean reads later.
 *
 * <p>On the program's threads this does only what {@link StageActivity} does at stage boundaries; notifications go
 * out on the MBean's own dispatch thread.
 */
final class JmxIntegration implements Integration {

    private final IntegrationContext context;
    private final LiveFigures run;
    private final StageActivity stages = new StageActivity();
    private final Logger log = AgentLog.get(JmxIntegration.class);
    private final Faults faults;
    private final Thread registration;
    /** Set by the registration thread once the MBean is in the platform server. */
    private volatile CostAgentMBean bean;

    JmxIntegration(IntegrationContext context) {
        this.context = context;
        this.run = new LiveFigures(context);
        this.faults = context.faults();
        this.registration = new Thread(new Register(), "cost-agent-jmx");
        registration.setDaemon(true);
        registration.start();
    }

    /** Registers the MBean; a failure (no JMX in this runtime, a name taken) is one WARN, the run goes on. */
    private final class Register implements Runnable {
        @Override
        public void run() {
            try {
                bean = CostAgentMBean.register(context, run, stages, log);
            } catch (Throwable t) {
                log.warn("could not register the JMX MBean {} ({}); the run goes on without it", CostAgentMBean.NAME,
                        t.toString());
            }
        }
    }

    /** Waits (bounded) for the registration to finish; true when the MBean is registered. For tests. */
    boolean awaitRegistered(long millis) throws InterruptedException {
        registration.join(millis);
        return bean != null;
    }

    @Override
    public String name() {
        return "JMX MBean " + CostAgentMBean.NAME;
    }

    @Override
    public void stageEntered(String stage) {
        stages.entered(stage);
    }

    @Override
    public void stageEnded(StageEnded stage) {
        stages.ended(stage.stage());
    }

    @Override
    public void warningRaised(String message) {
        CostAgentMBean b = bean;
        if (b != null) {
            b.notify(CostAgentMBean.WARNING_RAISED, message, null);
        }
    }

    @Override
    public void budgetStopped(BudgetStop stop) {
        CostAgentMBean b = bean;
        if (b != null) {
            String message = new BudgetExceededException(Money.usd(stop.spentPicos()), stop.budgetUsd(), stop.stage())
                    .getMessage();
            b.notify(CostAgentMBean.BUDGET_STOPPED, message, stop.stage());
        }
    }

    @Override
    public void runEnded(RunSnapshot snapshot) {
        run.ended(snapshot.status());
    }

    @Override
    public void close() {
        try {
            // A registration still under way finishes first, so that no MBean is left behind in the server.
            registration.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        CostAgentMBean b = bean;
        if (b != null) {
            try {
                b.unregister();
            } catch (Throwable t) {
                faults.report("unregistering the JMX MBean", t);
            }
        }
    }
}
