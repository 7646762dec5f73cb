package dev.costagent.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JMX as jconsole connects: the program's JVM has the JDK's remote connector on a loopback port (which alone switches
 * the MBean on), the test reads the running spend, lowers the budget, and the program stops at its next stage.
 */
class JmxRemoteIT {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @TempDir
    Path work;

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Connects, retrying while the JVM's connector starts; the MBean itself is awaited by the caller. */
    private static JMXConnector connect(int port) throws Exception {
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                return JMXConnectorFactory.connect(url);
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.onSpinWait();
            }
        }
    }

    @Test
    void readTheSpendOfARunningProgramLowerItsBudgetAndSeeItStopAtTheNextStage() throws Exception {
        int port = freePort();
        try (ObservedJvm jvm = ObservedJvm.start(work, List.of(), List.of(
                "-Dcom.sun.management.jmxremote.port=" + port, "-Dcom.sun.management.jmxremote.rmi.port=" + port,
                "-Dcom.sun.management.jmxremote.host=127.0.0.1", "-Djava.rmi.server.hostname=127.0.0.1",
                "-Dcom.sun.management.jmxremote.authenticate=false", "-Dcom.sun.management.jmxremote.ssl=false",
                "-Dcostagent.budget=1"), ObservedProgram.class.getName(), "steps", "1")) {
            jvm.awaitLine("STEP 1");
            try (JMXConnector c = connect(port)) {
                MBeanServerConnection server = c.getMBeanServerConnection();
                ObjectName name = new ObjectName("dev.costagent:type=CostAgent");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!server.isRegistered(name)) {
                    assertTrue(System.nanoTime() < deadline, "the MBean was never registered:\n" + jvm.all());
                    Thread.onSpinWait();
                }
                assertEquals(0.0011154, server.getAttribute(name, "SpentUsd"));
                assertEquals(1.0, server.getAttribute(name, "BudgetUsd"));
                assertEquals(0.9988846, server.getAttribute(name, "RemainingUsd"));
                assertEquals(1L, server.getAttribute(name, "Calls"));
                assertEquals("unstaged", server.getAttribute(name, "CurrentStage"), "between steps no stage runs");
                TabularData stages = (TabularData) server.getAttribute(name, "StageSpend");
                assertEquals(0.0011154, stages.get(new Object[] {"step"}).get("spentUsd"));

                assertEquals("budget set to $0.001; it applies from the next stage boundary", server.invoke(name,
                        "setBudget", new Object[] {"0.001"}, new String[] {String.class.getName()}));
                assertEquals(0.001, server.getAttribute(name, "BudgetUsd"));
            }
            jvm.proceed();
            assertEquals(3, jvm.exit(Duration.ofSeconds(90)), jvm.all());
            assertTrue(jvm.stdout().contains("STOPPED Budget exceeded"), jvm.all());
            assertTrue(!jvm.stdout().contains("STEP 2"), "the next stage never ran:\n" + jvm.all());
            assertEquals(1, jvm.agentLines("budget changed by jmx from $1 to $0.001; it applies from the next stage "
                    + "boundary").size(), jvm.stderr());
        }
        JsonNode report = JSON.readTree(work.resolve("data/cost_report.json").toFile());
        assertEquals("budget_exceeded", report.get("status").asText());
        assertEquals(0, new BigDecimal("0.001").compareTo(report.get("budget_usd").decimalValue()), report.toString());
        assertEquals(1, report.get("budget_changes").size(), report.toString());
        assertEquals("jmx", report.at("/budget_changes/0/by").asText(), report.toString());
    }
}
