package dev.costagent.agent.cli;

import java.util.Map;

/**
 * The {@code cumulative} object of {@code cost_log.json}: every run ever recorded, in picodollars.
 *
 * @param stages    stage to spend
 * @param models    model to spend
 * @param workflows workflow to spend
 */
record Cumulative(long runs, long totalPicos, Map<String, Long> stages, Map<String, Long> models,
                  Map<String, Long> workflows) {

    static final Cumulative NONE = new Cumulative(0, 0, Map.of(), Map.of(), Map.of());
}
