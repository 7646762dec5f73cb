package dev.costagent.agent.integration;

import dev.costagent.agent.budget.BudgetGuard;
import dev.costagent.agent.config.AgentConfig;
import dev.costagent.agent.ledger.CostLedger;
import dev.costagent.agent.log.Faults;
import dev.costagent.agent.report.RunSnapshots;
import java.time.Clock;

/**
 * What an integration may use of the run.
 *
 * @param config    the run's settings; {@link AgentConfig#settings()} holds the integration's own, still to parse
 * @param ledger    the run's running totals (read them; never record into them)
 * @param budget    the budget: read it, change it ({@link BudgetGuard#setBudget}), or have it checked against a
 *                  shared total ({@link BudgetGuard#useSpendSource})
 * @param snapshots the run as it stands ({@code get()}), its id, workflow and start; add report sections here
 * @param faults    where an integration's own faults go (counted, logged once per place)
 * @param attached  whether the agent was attached to a running JVM rather than started with it
 */
public record IntegrationContext(AgentConfig config, CostLedger ledger, BudgetGuard budget, RunSnapshots snapshots,
                                 Faults faults, Clock clock, boolean attached) {
}
