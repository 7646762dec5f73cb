package dev.costagent.agent.jmx;

import dev.costagent.agent.budget.BudgetGuard;
import dev.costagent.agent.config.ConfigException;
import dev.costagent.agent.config.Key;
import dev.costagent.agent.config.Settings;
import dev.costagent.agent.export.Dollars;
import dev.costagent.agent.export.LiveFigures;
import dev.costagent.agent.integration.IntegrationContext;
import dev.costagent.agent.ledger.CostLedger;
import dev.costagent.agent.value.Money;
import dev.costagent.agent.value.Totals;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.MBeanInfo;
import javax.management.MBeanNotificationInfo;
import javax.management.MBeanServer;
import javax.management.Notification;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;
import javax.management.ReflectionException;
import javax.management.openmbean.OpenDataException;
import org.slf4j.Logger;

/**
 * The {@code dev.costagent:type=CostAgent} MBean (docs/observability.md): the run's figures as attributes, money as
 * {@code double} dollars and counts as {@code long} so that jconsole and Prometheus' JMX exporter read them, spend
 * per stage and per model as open data, the operation {@code setBudget(String)}, and the notifications
 * {@value #WARNING_RAISED} and {@value #BUDGET_STOPPED}.
 *
 * <p>A dynamic MBean rather than a standard one: introspection would make {@code setBudget(String)} the setter of a
 * write-only attribute {@code Budget}, not the operation the contract names.
 *
 * <p>Thread-safety: safe; attributes are read from the ledger on JMX's threads, notifications are delivered on the
 * MBean's own daemon thread, never on the program's.
 */
final class CostAgentMBean extends NotificationBroadcasterSupport implements DynamicMBean {

    static final String NAME = "dev.costagent:type=CostAgent";
    static final String WARNING_RAISED = "dev.costagent.warningRaised";
    static final String BUDGET_STOPPED = "dev.costagent.budgetStopped";
    private static final String CONFIG_PREFIX = "cost-agent: invalid configuration: ";

    private final LiveFigures run;
    private final BudgetGuard budget;
    private final StageActivity stages;
    private final Logger log;
    private final ExecutorService dispatch;
    private final ObjectName name;
    private final MBeanServer server;
    private final AtomicLong sequence = new AtomicLong();

    private CostAgentMBean(LiveFigures run, BudgetGuard budget, StageActivity stages, Logger log, ExecutorService dispatch,
                           ObjectName name, MBeanServer server) {
        super(dispatch, new MBeanNotificationInfo(new String[] {WARNING_RAISED, BUDGET_STOPPED},
                Notification.class.getName(), "A warning threshold crossed (or another run warning), and the budget's "
                + "stop"));
        this.run = run;
        this.budget = budget;
        this.stages = stages;
        this.log = log;
        this.dispatch = dispatch;
        this.name = name;
        this.server = server;
    }

    /** Makes the MBean and registers it in the platform MBean server. */
    static CostAgentMBean register(IntegrationContext context, LiveFigures run, StageActivity stages, Logger log)
            throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName(NAME);
        CostAgentMBean bean = new CostAgentMBean(run, context.budget(), stages, log, dispatchThread(), name, server);
        server.registerMBean(bean, name);
        return bean;
    }

    /** One daemon thread, a bounded queue: a slow listener delays notifications, never the program. */
    private static ExecutorService dispatchThread() {
        ThreadPoolExecutor e = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(1000),
                r -> {
                    Thread t = new Thread(r, "cost-agent-jmx-notifications");
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.DiscardPolicy());
        return e;
    }

    void unregister() throws Exception {
        try {
            server.unregisterMBean(name);
        } finally {
            dispatch.shutdown();
        }
    }

    /** Sends a notification; delivered to the listeners on the dispatch thread. */
    void notify(String type, String message, Object userData) {
        Notification n = new Notification(type, name, sequence.incrementAndGet(), System.currentTimeMillis(), message);
        n.setUserData(userData);
        sendNotification(n);
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        return CostAgentMBeanInfo.INFO.withNotifications(getNotificationInfo());
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException {
        CostLedger ledger = run.ledger();
        switch (attribute) {
            case "SpentUsd":
                return Dollars.of(ledger.totalPicos());
            case "BudgetUsd": {
                BigDecimal b = run.budgetUsd();
                return b == null ? Double.NaN : Dollars.of(Money.picos(b));
            }
            case "RemainingUsd": {
                Long r = run.remainingPicos();
                return r == null ? Double.NaN : Dollars.of(r);
            }
            case "Calls": {
                long calls = 0;
                for (Map.Entry<CostLedger.Key, Totals> e : ledger.cells()) {
                    calls += e.getValue().calls();
                }
                return calls;
            }
            case "UnmeteredCalls":
                return ledger.unmeteredCalls();
            case "CurrentStage":
                return stages.current();
            case "Status":
                return run.status();
            case "RunId":
                return run.runId();
            case "StageSpend":
                return tabular(CostAgentMBeanInfo.BY_STAGE);
            case "ModelSpend":
                return tabular(CostAgentMBeanInfo.BY_MODEL);
            default:
                throw new AttributeNotFoundException("no attribute " + attribute + " in " + NAME);
        }
    }

    private Object tabular(int by) {
        try {
            return CostAgentMBeanInfo.spend(run.ledger().cells(), by);
        } catch (OpenDataException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
        AttributeList out = new AttributeList();
        for (String a : attributes) {
            try {
                out.add(new Attribute(a, getAttribute(a)));
            } catch (AttributeNotFoundException e) {
                // Left out, as the contract of getAttributes says.
            }
        }
        return out;
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
        throw new AttributeNotFoundException("every attribute of " + NAME + " is read-only; use setBudget(String)");
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList();
    }

    @Override
    public Object invoke(String actionName, Object[] params, String[] signature) throws ReflectionException {
        if (!"setBudget".equals(actionName) || params == null || params.length != 1
                || !(params[0] == null || params[0] instanceof String)) {
            throw new ReflectionException(new NoSuchMethodException(actionName),
                    "the only operation of " + NAME + " is setBudget(String)");
        }
        return setBudget((String) params[0]);
    }

    /**
     * Raises, lowers or ({@code none}) removes the budget, from the next stage boundary on. Validated as
     * {@code -Dbudget} is; a refused value leaves the budget as it was.
     *
     * @return what was done, for the operator's console
     */
    String setBudget(String usd) {
        String v = usd == null ? "" : usd.trim();
        BigDecimal to;
        if (v.toLowerCase(Locale.ROOT).equals("none")) {
            to = null;
        } else {
            try {
                to = Settings.usd(Key.BUDGET, v, "JMX setBudget");
            } catch (ConfigException e) {
                String unchanged = shown(budget.budgetUsd());
                log.warn("JMX setBudget('{}') refused; the budget stays {}", v, unchanged);
                // IllegalArgumentException: serialisable, and its message reaches the remote console as is.
                String why = e.getMessage();
                if (why.startsWith(CONFIG_PREFIX)) {
                    why = why.substring(CONFIG_PREFIX.length());
                }
                throw new IllegalArgumentException("setBudget refused, the budget stays " + unchanged + ": " + why
                        + "; or none to remove it");
            }
        }
        budget.setBudget(to, "jmx");
        return "budget set to " + shown(to) + "; it applies from the next stage boundary";
    }

    private static String shown(BigDecimal usd) {
        return usd == null ? "none" : "$" + usd.toPlainString();
    }
}
