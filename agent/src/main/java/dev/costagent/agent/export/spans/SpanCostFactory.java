package dev.costagent.agent.export.spans;

import dev.costagent.agent.integration.Integration;
import dev.costagent.agent.integration.IntegrationContext;
import dev.costagent.agent.integration.IntegrationFactory;

/**
 * Switches on the hand-over of each call to {@link dev.costagent.agent.api.CallObservers} when the JVM runs the
 * OpenTelemetry Java agent with extensions ({@code -Dotel.javaagent.extensions=...} or
 * {@code OTEL_JAVAAGENT_EXTENSIONS}), which is how cost-agent's extension is loaded. Decided by that setting rather
 * than by a registration, because the two agents' {@code premain}s run in the order of their {@code -javaagent}
 * flags: either may come first. Without the setting nothing is switched on and the program's calls make no event.
 */
public final class SpanCostFactory implements IntegrationFactory {

    static final String EXTENSIONS_PROPERTY = "otel.javaagent.extensions";
    static final String EXTENSIONS_ENV = "OTEL_JAVAAGENT_EXTENSIONS";

    @Override
    public Integration create(IntegrationContext context) {
        String p = System.getProperty(EXTENSIONS_PROPERTY);
        String e = System.getenv(EXTENSIONS_ENV);
        boolean extensions = (p != null && !p.isBlank()) || (e != null && !e.isBlank());
        return extensions ? new SpanCost() : null;
    }
}
