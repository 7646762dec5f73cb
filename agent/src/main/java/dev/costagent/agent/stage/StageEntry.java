package dev.costagent.agent.stage;

import dev.costagent.BudgetExceededException;

/**
 * What a stage's entry decided: the stage runs in a {@link StageFrame}, or it is refused and its method throws
 * {@link #refusal()} without running its body.
 */
public interface StageEntry {

    /** The exception that refuses the stage, or null when the stage runs. */
    BudgetExceededException refusal();
}
