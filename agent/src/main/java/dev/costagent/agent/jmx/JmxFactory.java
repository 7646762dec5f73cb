package dev.costagent.agent.jmx;

import dev.costagent.agent.config.ConfigException;
import dev.costagent.agent.config.Key;
import dev.costagent.agent.integration.Integration;
import dev.costagent.agent.integration.IntegrationContext;
import dev.costagent.agent.integration.IntegrationFactory;
import java.util.Properties;

/**
 * Switches the {@code dev.costagent:type=CostAgent} MBean on. Registering an MBean loads the JMX classes (tens of
 * milliseconds), so it is off unless asked for: by {@code costagent.jmx=true}, or by the JVM's own remote JMX
 * settings ({@code -Dcom.sun.management.jmxremote*}), which say that an operator will connect. {@code jmx=false}
 * keeps it off even then. Names no JMX class: with it off, none load.
 */
public final class JmxFactory implements IntegrationFactory {

    private static final String JMX_REMOTE = "com.sun.management.jmxremote";

    private final Properties system;

    public JmxFactory() {
        this(System.getProperties());
    }

    /** @param system the JVM's system properties, where the remote JMX settings are looked for */
    JmxFactory(Properties system) {
        this.system = system;
    }

    @Override
    public Integration create(IntegrationContext context) throws ConfigException {
        boolean on = context.config().settings().bool(Key.JMX, jmxRemoteAsked());
        return on ? new JmxIntegration(context) : null;
    }

    private boolean jmxRemoteAsked() {
        for (String name : system.stringPropertyNames()) {
            if (name.startsWith(JMX_REMOTE)) {
                return true;
            }
        }
        return false;
    }
}
