package dev.costagent.agent.budget;

import dev.costagent.BudgetExceededException;
import dev.costagent.agent.stage.StageEntry;

/** A stage refused at its entry, because the budget was already exceeded. */
record Refusal(BudgetExceededException refusal) implements StageEntry {
}
