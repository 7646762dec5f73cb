package dev.costagent.agent.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.costagent.BudgetExceededException;
import dev.costagent.agent.AgentComponents;
import dev.costagent.agent.config.AgentConfig;
import dev.costagent.agent.config.ConfigException;
import dev.costagent.agent.config.ConfigLoader;
import dev.costagent.agent.ledger.CostLedger;
import dev.costagent.agent.pricing.CatalogException;
import dev.costagent.agent.pricing.CatalogLoader;
import dev.costagent.agent.stage.StageEntry;
import dev.costagent.agent.stage.StageFrame;
import dev.costagent.agent.value.Money;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of the agent in this JVM with the fleet store switched on by its settings, as the installer wires it
 * (components, then the integrations), spending by hand: for the store's tests that need no program of their own,
 * and the command line's tests that read a scope's ledger.
 */
public final class FleetRun {

    private static final ObjectMapper JSON = new ObjectMapper();

    public final AgentComponents components;
    public final AgentConfig config;

    private FleetRun(AgentConfig config) throws ConfigException, CatalogException {
        this.config = config;
        this.components = new AgentComponents(config, CatalogLoader.loadBundled(), Clock.systemUTC());
        components.startIntegrations(List.of(new StoreFactory()), false);
    }

    /** A run with these {@code costagent.*} settings (short names: {@code store}, {@code budget.scope}, ...). */
    public static FleetRun start(Path out, String... keyValues) throws ConfigException, CatalogException {
        Map<String, String> props = new HashMap<>();
        props.put("costagent.out", out.toString());
        props.put("costagent.workflow", "FleetRun");
        props.put("costagent.log.keep", "10000");
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put("costagent." + keyValues[i], keyValues[i + 1]);
        }
        return new FleetRun(ConfigLoader.load(null, props, Map.of(), out.getParent()));
    }

    /** Records a cost outside any stage boundary, as a call inside a running stage does. */
    void spend(String usd) {
        spend("work", usd);
    }

    private void spend(String stage, String usd) {
        components.ledger().recordCost(new CostLedger.Key(stage, "claude-sonnet-4-5", "anthropic", "FleetRun.call",
                true), Money.picos(new BigDecimal(usd)));
    }

    /**
     * One stage: its entry (refused, or run), the spend, its exit.
     *
     * @return the budget's exception, from the entry or the exit, or null when the stage ran and passed
     */
    BudgetExceededException stage(String usd) {
        return stage("work", usd);
    }

    /** {@link #stage(String)} in a stage of this name. */
    public BudgetExceededException stage(String name, String usd) {
        StageEntry entry = components.guard().enter(name);
        if (entry.refusal() != null) {
            return entry.refusal();
        }
        spend(name, usd);
        return components.guard().exit((StageFrame) entry, null);
    }

    public void end() {
        components.endRun();
    }

    /** This run's id, as its report and ledger entry name it. */
    public String runId() {
        return components.snapshots().runId();
    }

    JsonNode report() throws java.io.IOException {
        return JSON.readTree(config.outDir().resolve("cost_report.json").toFile());
    }

    JsonNode scope() throws java.io.IOException {
        return report().get("scope");
    }
}
