package dev.costagent.agent.report.history;

import dev.costagent.agent.report.AtomicFiles;
import dev.costagent.agent.report.RunSnapshotReader.RunRecord;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A new log: there was none, or the one there was set aside. Its cumulative totals start from the runs already in
 * the archive (read through once), so that they still cover every run the folder holds. Classes rather than lambdas:
 * this is the first run's exit.
 */
final class FreshLog implements AtomicFiles.Body, RunHistory.RunVisitor {

    private final LogUpdate u;
    private final Cumulative cumulative = Cumulative.empty();
    private final Set<String> lookFor = new HashSet<>();
    private final Set<String> archived = new HashSet<>();
    private long counted;
    private LogIndex written;

    private FreshLog(LogUpdate u) {
        this.u = u;
        for (LogUpdate.Addition a : u.additions) {
            if (a.writtenBefore) {
                lookFor.add(a.runId);
            }
        }
    }

    /** @return how many archived runs the new totals count */
    static long apply(LogUpdate u) throws IOException {
        FreshLog f = new FreshLog(u);
        for (Map.Entry<String, LogIndex.ArchiveState> a : u.archiveStates.entrySet()) {
            Archives.read(u.archives.file(a.getKey()), a.getValue().length(), f);
        }
        f.cumulative.countRuns(f.counted);
        for (LogUpdate.Addition a : u.additions) {
            // A run that wrote before and is in no archive was in the log that is gone: it is added again.
            a.placement = f.archived.contains(a.runId) ? LogUpdate.Placement.DROPPED : LogUpdate.Placement.APPENDED;
        }
        u.count(f.cumulative, Map.of());
        u.replacer.replace(u.log(), f, true, null);
        u.committed(f.written, null);
        return f.counted;
    }

    /** An archived run: counted in the new totals. */
    @Override
    public boolean visit(RunRecord r) {
        cumulative.add(Contribution.of(r.run()));
        counted++;
        if (lookFor.contains(r.run().runId())) {
            archived.add(r.run().runId());
        }
        return true;
    }

    /** The new log's content. */
    @Override
    public void writeTo(WritableByteChannel channel) throws IOException {
        LogWriter w = new LogWriter(channel);
        for (LogUpdate.Addition a : u.additions) {
            if (a.placement == LogUpdate.Placement.APPENDED) {
                w.entry(a.line, a.runId, a.month);
            }
        }
        w.endRuns();
        w.cumulative(cumulative);
        written = w.index(u.archiveStates);
    }
}
