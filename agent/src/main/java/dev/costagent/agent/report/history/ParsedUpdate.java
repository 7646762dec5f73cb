package dev.costagent.agent.report.history;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.costagent.agent.report.RunSnapshotJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;

/**
 * The write when the log is not known to be what this version last wrote (no index, or one that does not describe
 * it: an older version's log, one changed by hand or by another program, the first write after a crash): Jackson
 * parses it as the truth. A first pass ({@link LogScan}) judges it and finds what the update needs; the second copies
 * every run, token by token, to the new log or, for the oldest beyond {@code keep}, to its archive. It streams: a
 * log of any length is updated without holding its runs, which is also how an oversized log of an older version is
 * migrated, once.
 */
final class ParsedUpdate {

    private final LogUpdate u;
    private final FileChannel old;
    private final LogScan scan;

    private ParsedUpdate(LogUpdate u, FileChannel old, LogScan scan) {
        this.u = u;
        this.old = old;
        this.scan = scan;
    }

    /** The run ids the scan must find. */
    static Set<String> wanted(LogUpdate u) {
        Set<String> ids = new HashSet<>();
        for (LogUpdate.Addition a : u.additions) {
            ids.add(a.runId);
        }
        return ids;
    }

    /** Updates a log that {@code scan} judged to be a cost log. */
    static LogIndex apply(LogUpdate u, FileChannel old, LogScan scan) throws IOException {
        return new ParsedUpdate(u, old, scan).apply();
    }

    private LogIndex apply() throws IOException {
        Map<Integer, LogUpdate.Addition> replacing = new HashMap<>();
        for (LogUpdate.Addition a : u.additions) {
            Integer at = scan.found.get(a.runId);
            if (at != null && !replacing.containsKey(at)) {
                a.placement = LogUpdate.Placement.REPLACED;
                replacing.put(at, a);
            } else {
                a.placement = a.writtenBefore ? LogUpdate.Placement.DROPPED : LogUpdate.Placement.APPENDED;
            }
        }
        int moved = u.toArchive(scan.entries, u.appended());
        List<String> touched = new ArrayList<>();
        for (Map.Entry<String, Integer> a : scan.archiveStarts.entrySet()) {
            if (a.getValue() < moved) {
                touched.add(a.getKey());
            }
        }
        LogUpdate.Move move = moved > 0 ? u.new Move(scan.firstRunId, moved, u.lengthsBefore(touched)) : null;
        Map<String, byte[]> members = new LinkedHashMap<>();
        for (Map.Entry<String, Object> m : scan.members.entrySet()) {
            members.put(m.getKey(), LogJson.nestedValue(m.getValue()));
        }
        LogIndex[] written = new LogIndex[1];
        try {
            if (move != null) {
                move.begin();
            }
            u.replacer.replace(u.log(), channel -> {
                LogWriter w = new LogWriter(channel);
                Map<LogUpdate.Addition, Contribution> oldShares = copyRuns(w, replacing, moved, move);
                for (LogUpdate.Addition a : u.additions) {
                    if (a.placement == LogUpdate.Placement.APPENDED) {
                        w.entry(a.line, a.runId, a.month);
                    }
                }
                w.endRuns();
                w.members(members);
                u.count(scan.cumulative, oldShares);
                w.cumulative(scan.cumulative);
                written[0] = w.index(u.archiveStates);
            }, true, null);
        } catch (IOException | RuntimeException | Error e) {
            if (move != null) {
                move.abort(e);
            }
            throw e;
        }
        u.committed(written[0], move);
        return written[0];
    }

    /**
     * The second pass: each run copied to one compact line, the first {@code moved} into their archives (finished
     * and forced before any run goes to the log), the rest to the log.
     *
     * @return the shares of the entries replaced, to take out of the totals
     */
    private Map<LogUpdate.Addition, Contribution> copyRuns(LogWriter w, Map<Integer, LogUpdate.Addition> replacing,
                                                           int moved, LogUpdate.Move move) throws IOException {
        Map<LogUpdate.Addition, Contribution> oldShares = new IdentityHashMap<>();
        Map<String, Archives.Appender> open = new LinkedHashMap<>();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(4096);
        String[] seen = new String[2]; // the run's run_id and started_at
        LogJson.TopLevel top = new LogJson.TopLevel() {
            @Override
            public void text(String name, String value) {
                if (name.equals("run_id")) {
                    seen[0] = value;
                } else if (name.equals("started_at")) {
                    seen[1] = value;
                }
            }
        };
        int month = 0;
        try (InputStream in = new ChannelWindow(old, 0, old.size());
             JsonParser p = RunSnapshotJson.JSON.createParser(in);
             JsonGenerator g = RunSnapshotJson.JSON.createGenerator(buffer)) {
            // One generator for every run, each a root value of its own with nothing between them.
            g.setRootValueSeparator(null);
            toRuns(p);
            int i = 0;
            for (; p.nextToken() == JsonToken.START_OBJECT; i++) {
                if (i == moved && move != null) {
                    finish(open);
                    move.archived();
                }
                buffer.reset();
                seen[0] = null;
                seen[1] = null;
                LogJson.copy(p, g, top);
                g.flush();
                byte[] line = buffer.toByteArray();
                LogUpdate.Addition r = replacing.get(i);
                if (r != null) {
                    oldShares.put(r, LogJson.share(line));
                    line = r.line;
                }
                month = Archives.month(Archives.month(seen[1]), month, u.thisMonth());
                String archive = Archives.name(month);
                if (i < moved) {
                    Archives.Appender a = open.get(archive);
                    if (a == null) {
                        a = u.archives.append(archive, u.log());
                        open.put(archive, a);
                    }
                    a.line(line);
                } else {
                    w.entry(line, seen[0], month);
                }
            }
            if (i != scan.entries) {
                throw new IOException("the log changed between two reads under its lock");
            }
            if (i == moved && move != null) {
                finish(open);
                move.archived();
            }
        } finally {
            for (Archives.Appender a : open.values()) {
                a.abandon();
            }
        }
        return oldShares;
    }

    private static void finish(Map<String, Archives.Appender> open) throws IOException {
        for (Archives.Appender a : open.values()) {
            a.finish();
        }
        open.clear();
    }

    /** Moves the parser to the {@code runs} array's start (the scan proved there is one). */
    private static void toRuns(JsonParser p) throws IOException {
        p.nextToken();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            boolean runs = p.currentName().equals("runs");
            p.nextToken();
            if (runs) {
                return;
            }
            p.skipChildren();
        }
        throw new IOException("the log changed between two reads under its lock");
    }
}
