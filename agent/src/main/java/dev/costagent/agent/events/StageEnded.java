package dev.costagent.agent.events;

/**
 * A stage's end.
 *
 * @param stage      the stage's name
 * @param stagePicos what this invocation of the stage spent, nested stages and other threads' work for it included
 * @param runPicos   the run's total when it ended
 * @param failed     whether it ended by an exception (the budget's own included)
 */
public record StageEnded(String stage, long stagePicos, long runPicos, boolean failed) {
}
