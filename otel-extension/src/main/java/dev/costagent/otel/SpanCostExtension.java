package dev.costagent.otel;

import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The OpenTelemetry Java agent's way in for this extension ({@code -Dotel.javaagent.extensions=<this jar>}): called
 * once while the agent configures its SDK, it registers {@link SpanCostObserver} with cost-agent. cost-agent's classes
 * are on the bootstrap class path, which the agent's extension class loader sees; when cost-agent is not in the JVM
 * there is nothing to register with, and this says so once.
 */
public final class SpanCostExtension implements AutoConfigurationCustomizerProvider {

    private static final Logger LOG = Logger.getLogger(SpanCostExtension.class.getName());

    @Override
    public void customize(AutoConfigurationCustomizer customizer) {
        try {
            dev.costagent.agent.api.CallObservers.register(new SpanCostObserver());
        } catch (LinkageError e) {
            LOG.log(Level.WARNING, "cost-agent is not running in this JVM (add -javaagent:cost-agent.jar): LLM calls' "
                    + "costs are not put on spans");
        }
    }
}
