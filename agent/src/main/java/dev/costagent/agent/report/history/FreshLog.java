package dev.costagent.agent.report.history;

import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A new log: there was none, or the one there was set aside. Its cumulative totals start from the runs already in
 * the archive (read through once), so that they still cover every run the folder holds.
 */
final class FreshLog {

    private FreshLog() {
    }

    /** @return how many archived runs the new totals count */
    static long apply(LogUpdate u, LogIndex[] written) throws IOException {
        Cumulative cumulative = Cumulative.empty();
        Set<String> lookFor = new HashSet<>();
        for (LogUpdate.Addition a : u.additions) {
            if (a.writtenBefore) {
                lookFor.add(a.runId);
            }
        }
        Set<String> archived = new HashSet<>();
        long[] counted = {0};
        for (Map.Entry<String, LogIndex.ArchiveState> a : u.archiveStates.entrySet()) {
            Archives.read(u.archives.file(a.getKey()), a.getValue().length(), r -> {
                cumulative.add(Contribution.of(r.run()));
                counted[0]++;
                if (lookFor.contains(r.run().runId())) {
                    archived.add(r.run().runId());
                }
                return true;
            });
        }
        cumulative.countRuns(counted[0]);
        for (LogUpdate.Addition a : u.additions) {
            // A run that wrote before and is in no archive was in the log that is gone: it is added again.
            a.placement = archived.contains(a.runId) ? LogUpdate.Placement.DROPPED : LogUpdate.Placement.APPENDED;
        }
        u.count(cumulative, Map.of());
        u.replacer.replace(u.log(), channel -> {
            LogWriter w = new LogWriter(channel);
            for (LogUpdate.Addition a : u.additions) {
                if (a.placement == LogUpdate.Placement.APPENDED) {
                    w.entry(a.line);
                }
            }
            w.endRuns();
            w.cumulative(cumulative.render());
            written[0] = w.index(u.archiveStates);
        }, true, null);
        u.committed(written[0], null);
        return counted[0];
    }
}
