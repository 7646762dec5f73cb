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
 * {@code cumulative} object is read and written again. The runs that move to the archive are read one by one (for
 * their month), a hundredth of the log at a time.
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
        String firstRunId = null;
        String archive = u.fallbackArchive();
        for (int i = 0; i < moved; i++) {
            LogUpdate.Addition r = replacing.get(i);
            byte[] line = r != null ? r.line : entry(i);
            String[] peeked = LogJson.peek(line);
            if (i == 0) {
                firstRunId = peeked[0];
            }
            archive = Archives.nameFor(peeked[1], archive);
            List<byte[]> lines = toArchive.get(archive);
            if (lines == null) {
                lines = new ArrayList<>();
                toArchive.put(archive, lines);
            }
            lines.add(line);
        }
        if (moved > 0 && firstRunId == null) {
            return null;
        }
        LogUpdate.Move move = moved > 0 ? u.new Move(firstRunId, moved, u.lengthsBefore(toArchive.keySet())) : null;
        LogIndex[] written = new LogIndex[1];
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
            NewLog body = new NewLog(replacing, moved, cumulative);
            u.replacer.replace(u.log(), body, true, null);
            written[0] = body.written;
        } catch (IOException | RuntimeException | Error e) {
            if (move != null) {
                move.abort(e);
            }
            throw e;
        }
        u.committed(written[0], move);
        return written[0];
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
                    w.entry(r.getValue().line);
                    from = r.getKey() + 1;
                }
            }
            w.entries(old, index, from, index.runs());
            for (LogUpdate.Addition a : u.additions) {
                if (a.placement == LogUpdate.Placement.APPENDED) {
                    w.entry(a.line);
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

    /** Where the runs the additions may replace are, looked for from the newest back, as they are likely recent. */
    private Map<String, Integer> find() throws IOException {
        Map<String, Integer> found = new HashMap<>();
        int wanted = 0;
        for (LogUpdate.Addition a : u.additions) {
            wanted += a.search ? 1 : 0;
        }
        for (int i = index.runs() - 1; i >= 0 && found.size() < wanted; i--) {
            String id = LogJson.peek(entry(i))[0];
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
