package dev.costagent.agent.report.history;

import dev.costagent.agent.events.RunSnapshot;
import dev.costagent.agent.value.Totals;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One run's share of the cumulative totals, in picodollars: what is added when its entry is written and taken out
 * when the entry is replaced.
 */
record Contribution(String workflow, long totalPicos, Map<String, Long> stages, Map<String, Long> models) {

    static Contribution of(RunSnapshot run) {
        return new Contribution(run.workflow(), run.totals().picos(), picos(run.stages()), picos(run.models()));
    }

    private static Map<String, Long> picos(Map<String, Totals> m) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Map.Entry<String, Totals> e : m.entrySet()) {
            out.put(e.getKey(), e.getValue().picos());
        }
        return out;
    }
}
