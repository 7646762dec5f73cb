package dev.costagent.agent.export.otlp.sdk;

import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.exporter.sender.jdk.internal.JdkHttpSenderProvider;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import java.util.List;

/**
 * Hands the OTLP exporter its HTTP sender directly: the JDK's {@code HttpClient} one. The exporter would otherwise
 * look its sender up with {@code ServiceLoader} in its own class loader, which for cost-agent is the bootstrap
 * loader, whose lookups go to the system class loader: the program's class path, where the agent's relocated
 * provider is not (or, worse, a provider of the program's own OpenTelemetry is). Every other lookup (compressors)
 * finds nothing: the export sends uncompressed.
 */
final class JdkSenderLoader implements ComponentLoader {

    @Override
    public <T> Iterable<T> load(Class<T> spiClass) {
        if (spiClass == HttpSenderProvider.class) {
            return List.of(spiClass.cast(new JdkHttpSenderProvider()));
        }
        return List.of();
    }
}
