package dev.costagent.agent.instrument;

import dev.costagent.agent.AgentComponents;
import dev.costagent.agent.config.AgentConfig;
import dev.costagent.agent.pricing.CatalogLoader;
import dev.costagent.fixtures.TestRuns;
import java.lang.instrument.Instrumentation;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * Installs a fresh set of agent components into this test JVM: the transformer is added, the given classes are
 * retransformed (so their advice refers to this harness's sites), and {@link #close} removes it again.
 */
public final class AgentHarness implements AutoCloseable {

    private static final Instrumentation INST = ByteBuddyAgent.install();

    public final AgentComponents components;
    private final Class<?>[] classes;

    public AgentHarness(BigDecimal budget, Path out, Class<?>... classes) throws Exception {
        AgentConfig config = TestRuns.config(budget, out, "HarnessTest");
        this.components = new AgentComponents(config, CatalogLoader.loadBundled(), Clock.systemUTC());
        this.classes = classes;
        Dispatch.install(components.advice());
        INST.addTransformer(components.transformer(), true);
        INST.retransformClasses(classes);
    }

    @Override
    public void close() throws Exception {
        INST.removeTransformer(components.transformer());
        INST.retransformClasses(classes);
        Dispatch.install(null);
    }
}
