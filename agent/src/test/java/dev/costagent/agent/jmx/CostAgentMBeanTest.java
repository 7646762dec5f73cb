package dev.costagent.agent.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.costagent.BudgetExceededException;
import dev.costagent.agent.config.ConfigException;
import dev.costagent.agent.events.BudgetChange;
import dev.costagent.agent.export.ExportHarness;
import dev.costagent.agent.stage.StageEntry;
import dev.costagent.agent.stage.StageFrame;
import dev.costagent.agent.value.TokenCounts;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.Notification;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CostAgentMBeanTest {

    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    @TempDir
    Path dir;

    private static ObjectName name() throws Exception {
        return new ObjectName(CostAgentMBean.NAME);
    }

    /** The MBean is registered on its own thread: awaited with a deadline. */
    private static void awaitRegistered() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!SERVER.isRegistered(name())) {
            assertTrue(System.nanoTime() < deadline, "the MBean was never registered");
            Thread.onSpinWait();
        }
    }

    @Test
    void showsTheRunAndChangesItsBudget() throws Exception {
        try (ExportHarness h = ExportHarness.start(dir, Map.of("costagent.jmx", "true", "costagent.budget", "2"),
                new JmxFactory(new Properties()))) {
            awaitRegistered();
            ObjectName n = name();
            assertEquals(0.0, SERVER.getAttribute(n, "SpentUsd"));
            assertEquals(2.0, SERVER.getAttribute(n, "BudgetUsd"));
            assertEquals(StageFrame.UNSTAGED, SERVER.getAttribute(n, "CurrentStage"));

            StageEntry draft = h.components.guard().enter("draft");
            assertEquals("draft", SERVER.getAttribute(n, "CurrentStage"));
            h.record("draft", "gpt-4o", "openai", "op", new TokenCounts(1, 0, 0, 0, 1), 1_250_000_000_000L);
            h.record("draft", "claude-sonnet-4-5", "anthropic", "op", new TokenCounts(1, 0, 0, 0, 1), 1L);
            h.components.ledger().recordUnmetered();
            assertEquals(1.250000000001, SERVER.getAttribute(n, "SpentUsd"));
            assertEquals(0.749999999999, SERVER.getAttribute(n, "RemainingUsd"));
            assertEquals(2L, SERVER.getAttribute(n, "Calls"));
            assertEquals(1L, SERVER.getAttribute(n, "UnmeteredCalls"));
            assertEquals("running", SERVER.getAttribute(n, "Status"));
            TabularData stages = (TabularData) SERVER.getAttribute(n, "StageSpend");
            CompositeData row = stages.get(new Object[] {"draft"});
            assertEquals(1.250000000001, row.get("spentUsd"));
            assertEquals(2L, row.get("calls"));
            TabularData models = (TabularData) SERVER.getAttribute(n, "ModelSpend");
            assertEquals(2, models.size());
            assertEquals(1.25, models.get(new Object[] {"gpt-4o"}).get("spentUsd"));

            MBeanOperationInfo op = SERVER.getMBeanInfo(n).getOperations()[0];
            assertEquals("setBudget", op.getName());
            assertEquals(String.class.getName(), op.getSignature()[0].getType());

            RuntimeMBeanException refused = assertThrows(RuntimeMBeanException.class, () -> SERVER.invoke(n,
                    "setBudget", new Object[] {"-3"}, new String[] {String.class.getName()}));
            assertInstanceOf(IllegalArgumentException.class, refused.getCause());
            assertEquals("setBudget refused, the budget stays $2: budget='-3' (from JMX setBudget): expected a "
                    + "non-negative number of US dollars, e.g. 5 or 0.50; or none to remove it",
                    refused.getCause().getMessage());
            assertEquals(new BigDecimal("2"), h.components.guard().budgetUsd());

            assertEquals("budget set to $1; it applies from the next stage boundary", SERVER.invoke(n, "setBudget",
                    new Object[] {"1"}, new String[] {String.class.getName()}));
            List<BudgetChange> changes = h.components.guard().changes();
            assertEquals(1, changes.size());
            assertEquals("jmx", changes.get(0).by());
            assertEquals(0, new BigDecimal("2").compareTo(changes.get(0).from()));
            assertEquals(0, BigDecimal.ONE.compareTo(changes.get(0).to()));

            // The lower budget stops the run at the stage's end, with a notification.
            LinkedBlockingQueue<Notification> heard = new LinkedBlockingQueue<>();
            SERVER.addNotificationListener(n, (notification, handback) -> heard.add(notification), null, null);
            BudgetExceededException stop = h.components.guard().exit((StageFrame) draft, null);
            assertNotNull(stop);
            Notification stopped = heard.poll(30, TimeUnit.SECONDS);
            assertNotNull(stopped, "no budgetStopped notification");
            assertEquals(CostAgentMBean.BUDGET_STOPPED, stopped.getType());
            assertEquals(stop.getMessage(), stopped.getMessage());
            assertEquals("draft", stopped.getUserData());
            assertEquals("budget_exceeded", SERVER.getAttribute(n, "Status"));
            assertEquals(StageFrame.UNSTAGED, SERVER.getAttribute(n, "CurrentStage"));

            h.components.events().warningRaised("Run total reached $11, over the $10 per-run warning threshold");
            Notification warning = heard.poll(30, TimeUnit.SECONDS);
            assertNotNull(warning, "no warningRaised notification");
            assertEquals(CostAgentMBean.WARNING_RAISED, warning.getType());
            assertTrue(warning.getMessage().startsWith("Run total reached $11"));

            assertEquals("budget set to none; it applies from the next stage boundary", SERVER.invoke(n, "setBudget",
                    new Object[] {"none"}, new String[] {String.class.getName()}));
            assertNull(h.components.guard().budgetUsd());
            assertEquals(Double.NaN, SERVER.getAttribute(n, "BudgetUsd"));
        }
        assertTrue(!SERVER.isRegistered(name()), "unregistered when the run ends");
    }

    @Test
    void offUnlessAskedForOrTheJvmsRemoteJmxIsConfigured() throws Exception {
        Properties none = new Properties();
        Properties remote = new Properties();
        remote.setProperty("com.sun.management.jmxremote.port", "9010");
        assertNull(new JmxFactory(none).create(ExportHarness.context(dir, Map.of())));
        JmxIntegration on = (JmxIntegration) new JmxFactory(remote).create(ExportHarness.context(dir, Map.of()));
        assertNotNull(on);
        assertTrue(on.awaitRegistered(30_000));
        on.close();
        assertNull(new JmxFactory(remote).create(ExportHarness.context(dir, Map.of("costagent.jmx", "false"))));
        ConfigException bad = assertThrows(ConfigException.class,
                () -> new JmxFactory(none).create(ExportHarness.context(dir, Map.of("costagent.jmx", "yes"))));
        assertEquals("cost-agent: invalid configuration: jmx='yes' (from -Dcostagent.jmx): expected true or false",
                bad.getMessage());
    }

    @Test
    void currentStageIsTheLatestEnteredStillRunning() {
        StageActivity a = new StageActivity();
        assertEquals(StageFrame.UNSTAGED, a.current());
        a.entered("outer");
        a.entered("worker");
        a.entered("inner");
        assertEquals("inner", a.current());
        a.ended("inner");
        assertEquals("worker", a.current());
        a.entered("worker");
        a.ended("worker");
        assertEquals("worker", a.current(), "one of its two invocations still runs");
        a.ended("worker");
        assertEquals("outer", a.current());
        a.ended("outer");
        assertEquals(StageFrame.UNSTAGED, a.current());
    }
}
