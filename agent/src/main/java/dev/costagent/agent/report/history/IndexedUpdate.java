package dev.costagent.agent.report.history;

import com.fasterxml.jackson.core.JsonParser;
import dev.costagent.agent.report.AtomicFiles;
import dev.costagent.agent.report.JsonValues;
import dev.costagent.agent.report.RunSnapshotJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The usual write: the log is exactly what this version last wrote ({@link LogIndex#describes}), so its runs are
 * not parsed. The kept runs are copied as the bytes they are, the new entry goes after them, and only the small
 * {@code cumulative} object is written again (the index carries it). The index also names each run and its month,
 * so the runs that move to the archive (a hundredth of the log at a time) and the run an entry replaces are found
 * without parsing either; no JSON parser is loaded at all unless an entry is replaced.
 */
final class IndexedUpdate {

    private final LogUpdate u;
    private final LogIndex index;
    private final FileChannel old;

    private IndexedUpdate(LogUpdate u, LogIndex index, FileChannel old) {
        this.u = u;
        this.index = index;
        this.old = old;
    }

    /**
     * @return the new log's index, or null when the log must be parsed after all (its cumulative object is not
     *         one this version updates); nothing was written then
     */
    static LogIndex apply(LogUpdate u, LogIndex index, FileChannel old) throws IOException {
        return new IndexedUpdate(u, index, old).apply();
    }

    private LogIndex apply() throws IOException {
        Cumulative cumulative;
        try {
            cumulative = Cumulative.of(index.cumulative() != null ? index.cumulative() : parseCumulative());
        } catch (IOException | NotACostLog e) {
            return null;
        }
        int n = index.runs();
        Map<String, Integer> found = find();
        Map<Integer, LogUpdate.Addition> replacing = new TreeMap<>();
        Map<LogUpdate.Addition, Contribution> oldShares = new IdentityHashMap<>();
        for (LogUpdate.Addition a : u.additions) {
            Integer at = found.get(a.runId);
            if (at != null && !replacing.containsKey(at)) {
                a.placement = LogUpdate.Placement.REPLACED;
                replacing.put(at, a);
                oldShares.put(a, LogJson.share(entry(at)));
            } else {
                a.placement = a.writtenBefore ? LogUpdate.Placement.DROPPED : LogUpdate.Placement.APPENDED;
            }
        }
        u.count(cumulative, oldShares);
        int moved = u.toArchive(n, u.appended());
        Map<String, List<byte[]>> toArchive = new LinkedHashMap<>();
        String firstRunId = moved > 0 ? index.runId(0) : null;
        int month = 0;
        for (int i = 0; i < moved; i++) {
            LogUpdate.Addition r = replacing.get(i);
            byte[] line = r != null ? r.line : entry(i);
            month = Archives.month(index.runMonths()[i], month, u.thisMonth());
            String archive = Archives.name(month);
            List<byte[]> lines = toArchive.get(archive);
            if (lines == null) {
                lines = new ArrayList<>();
                toArchive.put(archive, lines);
            }
            lines.add(line);
        }
        LogUpdate.Move move = moved > 0 ? u.new Move(firstRunId, moved, u.lengthsBefore(toArchive.keySet())) : null;
        NewLog body = new NewLog(replacing, moved, cumulative);
        try {
            if (move != null) {
                move.begin();
                for (Map.Entry<String, List<byte[]>> a : toArchive.entrySet()) {
                    Archives.Appender out = u.archives.append(a.getKey(), u.log());
                    try {
                        for (byte[] line : a.getValue()) {
                            out.line(line);
                        }
                        out.finish();
                    } catch (IOException | RuntimeException | Error e) {
                        out.abandon();
                        throw e;
                    }
                }
                move.archived();
            }
            u.replacer.replace(u.log(), body, true, null);
        } catch (IOException | RuntimeException | Error e) {
            if (move != null) {
                move.abort(e);
            }
            throw e;
        }
        u.committed(body.written, move);
        return body.written;
    }

    /** The new log: the kept runs copied, the replaced ones and the new ones written, the totals updated. */
    private final class NewLog implements AtomicFiles.Body {
        private final Map<Integer, LogUpdate.Addition> replacing;
        private final int moved;
        private final Cumulative cumulative;
        LogIndex written;

        NewLog(Map<Integer, LogUpdate.Addition> replacing, int moved, Cumulative cumulative) {
            this.replacing = replacing;
            this.moved = moved;
            this.cumulative = cumulative;
        }

        @Override
        public void writeTo(WritableByteChannel channel) throws IOException {
            LogWriter w = new LogWriter(channel);
            int from = moved;
            for (Map.Entry<Integer, LogUpdate.Addition> r : replacing.entrySet()) {
                if (r.getKey() >= moved) {
                    w.entries(old, index, from, r.getKey());
                    w.entry(r.getValue().line, r.getValue().runId, r.getValue().month);
                    from = r.getKey() + 1;
                }
            }
            w.entries(old, index, from, index.runs());
            for (LogUpdate.Addition a : u.additions) {
                if (a.placement == LogUpdate.Placement.APPENDED) {
                    w.entry(a.line, a.runId, a.month);
                }
            }
            w.endRuns();
            w.members(old, index);
            w.cumulative(cumulative);
            written = w.index(u.archiveStates);
        }
    }

    /** The log's {@code cumulative} object, read from the log itself when the index could not carry it. */
    private Object parseCumulative() throws IOException {
        try (JsonParser p = RunSnapshotJson.JSON.createParser(read(index.cumulativeStart(), index.cumulativeEnd()))) {
            p.nextToken();
            return JsonValues.read(p);
        }
    }

    /** Where the runs the additions may replace are, from the newest back, as they are likely recent. */
    private Map<String, Integer> find() throws IOException {
        Map<String, Integer> found = new HashMap<>();
        int wanted = 0;
        for (LogUpdate.Addition a : u.additions) {
            wanted += a.search ? 1 : 0;
        }
        for (int i = index.runs() - 1; i >= 0 && found.size() < wanted; i--) {
            String id = index.runId(i);
            for (LogUpdate.Addition a : u.additions) {
                if (a.search && a.runId.equals(id)) {
                    found.putIfAbsent(id, i);
                }
            }
        }
        return found;
    }

    private byte[] entry(int i) throws IOException {
        return read(index.runStarts()[i], index.runEnd(i));
    }

    private byte[] read(long from, long to) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) (to - from));
        while (b.hasRemaining()) {
            if (old.read(b, from + b.position()) < 0) {
                throw new IOException("the log ended early, at byte " + (from + b.position()));
            }
        }
        return b.array();
    }
}
