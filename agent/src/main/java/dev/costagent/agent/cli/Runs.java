package dev.costagent.agent.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Finding runs in a {@link RunSource} by id, or the latest. */
final class Runs {

    private Runs() {
    }

    /**
     * The run with this id, or the latest run when {@code id} is null: the folder's {@code cost_report.json} when
     * there is one (the most detailed view), else the log's last entry.
     *
     * @throws CliException when there is no such run
     */
    static RunView pick(RunSource source, String id) throws CliException {
        return pick(source, id == null ? List.of() : List.of(id)).values().iterator().next();
    }

    /**
     * The runs with these ids, in the order given (the latest run for an empty list).
     *
     * @throws CliException naming the first id that is not there
     */
    static Map<String, RunView> pick(RunSource source, List<String> ids) throws CliException {
        Map<String, RunView> found = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            RunView report = source.latestReport();
            if (report != null) {
                found.put(report.runId(), report);
                return found;
            }
            RunView[] last = new RunView[1];
            source.scan(r -> last[0] = r);
            if (last[0] == null) {
                throw new CliException(source.describe() + ": the log holds no run yet");
            }
            found.put(last[0].runId(), last[0]);
            return found;
        }
        for (String id : ids) {
            if (!found.containsKey(id)) {
                RunView r = source.find(id);
                if (r == null) {
                    throw new CliException("no run '" + id + "' in " + source.describe());
                }
                found.put(id, r);
            }
        }
        return found;
    }
}
