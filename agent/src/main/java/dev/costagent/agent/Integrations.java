package dev.costagent.agent;

import dev.costagent.agent.export.otlp.OtlpExportFactory;
import dev.costagent.agent.export.prometheus.PrometheusExportFactory;
import dev.costagent.agent.export.spans.SpanCostFactory;
import dev.costagent.agent.integration.IntegrationFactory;
import dev.costagent.agent.jmx.JmxFactory;
import dev.costagent.agent.store.StoreFactory;
import java.util.List;

/**
 * The integrations the agent can switch on, one line each. Each factory reads its own settings and stays off, with
 * none of its classes loaded, unless they ask for it (see {@link IntegrationFactory}).
 */
final class Integrations {

    private Integrations() {
    }

    /** In the order they hear the run's events, after the report writer. */
    static List<IntegrationFactory> all() {
        return List.of(
                new StoreFactory(),
                new PrometheusExportFactory(),
                new OtlpExportFactory(),
                new SpanCostFactory(),
                new JmxFactory());
    }
}
