package dev.costagent.agent.report.history;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.costagent.agent.report.JsonValues;
import dev.costagent.agent.report.RunSnapshotJson;
import dev.costagent.agent.report.RunSnapshotReader;
import dev.costagent.agent.report.RunSnapshotReader.RunRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The history of an output folder: the runs of {@code cost_log.json}'s archives, month by month, then those of the
 * log itself, each once, streamed (see {@link RunHistory}). Reads the logs of older versions too, whose entries
 * hold only their stage costs ({@link RunRecord#detailed()} false).
 *
 * <p>What it reads is one moment of the folder: it takes the log's lock (shared) just long enough to open the log
 * and note each archive's length, so that a run that moves to the archive meanwhile is read once, and a run written
 * meanwhile is not read at all. A move to the archive that a crash interrupted is read as the next writer will
 * repair it ({@link ArchiveIntent}). It never writes: a folder the reader may only read is enough.
 */
public final class FolderHistory implements RunHistory {

    private final LogFiles files;
    private final Archives archives;

    private FolderHistory(Path log) {
        this.files = LogFiles.of(log);
        this.archives = new Archives(files.archiveDir());
    }

    /**
     * The history at {@code path}: the agent's output folder, or its {@code cost_log.json}.
     *
     * @throws HistoryException when there is no such folder or file, or the folder holds no cost log
     */
    public static FolderHistory at(Path path) throws HistoryException {
        if (Files.isDirectory(path)) {
            FolderHistory h = new FolderHistory(path.resolve(CostLogStore.FILE_NAME));
            if (!Files.exists(h.files.log()) && !Files.isDirectory(h.archives.dir())) {
                throw new HistoryException(path + ": holds no " + CostLogStore.FILE_NAME
                        + " (is it the agent's output folder?)");
            }
            return h;
        }
        if (!Files.exists(path)) {
            throw new HistoryException(path + ": no such folder or file");
        }
        if (!Files.isRegularFile(path)) {
            throw new HistoryException(path + ": not a folder or a regular file");
        }
        return new FolderHistory(path);
    }

    /** The log file this history reads, with its archives beside it. */
    public Path log() {
        return files.log();
    }

    @Override
    public String describe() {
        return files.log().toString();
    }

    @Override
    public CumulativeTotals scan(RunVisitor visitor) throws IOException {
        return scan(visitor, true);
    }

    /**
     * The log's runs without their groups (the log holds the latest {@code log.keep} runs, most of what a listing
     * reads); the archives' runs, fewer and needed whole when there is no log to take the totals from, in full.
     */
    @Override
    public CumulativeTotals scanSummaries(RunVisitor visitor) throws IOException {
        return scan(visitor, false);
    }

    private CumulativeTotals scan(RunVisitor visitor, boolean groups) throws IOException {
        try (Snapshot s = snapshot()) {
            Cumulative fromArchives = s.log == null ? Cumulative.empty() : null;
            boolean going = true;
            for (Part a : s.archives) {
                boolean[] on = {going};
                Archives.read(a.file, a.length, r -> {
                    if (fromArchives != null) {
                        fromArchives.add(Contribution.of(r.run()));
                        fromArchives.countRuns(1);
                    }
                    on[0] = on[0] && visitor.visit(r);
                    return on[0] || fromArchives != null;
                });
                going = on[0];
                if (!going && fromArchives == null) {
                    break;
                }
            }
            return s.log == null ? fromArchives.totals() : readLog(s.log, going ? visitor : null, groups);
        }
    }

    /** The log first (the latest runs, and bounded), then the archives from the newest month back. */
    @Override
    public Optional<RunRecord> find(String runId) throws IOException {
        RunRecord[] found = new RunRecord[1];
        RunVisitor match = r -> {
            if (r.run().runId().equals(runId)) {
                found[0] = r;
                return false;
            }
            return true;
        };
        try (Snapshot s = snapshot()) {
            if (s.log != null) {
                readLog(s.log, match, true);
            }
            for (int i = s.archives.size() - 1; i >= 0 && found[0] == null; i--) {
                Archives.read(s.archives.get(i).file, s.archives.get(i).length, match);
            }
        }
        return Optional.ofNullable(found[0]);
    }

    @Override
    public CumulativeTotals cumulative() throws IOException {
        try (Snapshot s = snapshot()) {
            if (s.log == null) {
                return scan(r -> false);
            }
            return readLog(s.log, null, true);
        }
    }

    /** Streams the log's runs to {@code visitor} (none when it is null) and returns its cumulative totals. */
    private CumulativeTotals readLog(FileChannel log, RunVisitor visitor, boolean groups) throws IOException {
        Path file = files.log();
        try (InputStream in = new ChannelWindow(log, 0, log.size());
             JsonParser p = RunSnapshotJson.JSON.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw notALog("it is not a JSON object");
            }
            Cumulative cumulative = null;
            boolean runs = false;
            RunVisitor v = visitor;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (name.equals("runs") && t == JsonToken.START_ARRAY) {
                    runs = true;
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        if (v == null) {
                            p.skipChildren();
                        } else if (!v.visit(run(p, groups))) {
                            v = null;
                        }
                    }
                } else if (name.equals("cumulative")) {
                    try {
                        cumulative = Cumulative.of(JsonValues.read(p));
                    } catch (NotACostLog e) {
                        throw notALog(e.getMessage());
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (!runs) {
                throw notALog("it has no 'runs' list");
            }
            if (cumulative == null) {
                throw notALog("it has no 'cumulative' object");
            }
            return cumulative.totals();
        } catch (JsonProcessingException e) {
            throw new HistoryException(file + " is not a cost log: it is " + JsonProblem.describe(e), e);
        }
    }

    private RunRecord run(JsonParser p, boolean groups) throws IOException {
        try {
            return groups ? RunSnapshotReader.read(p) : RunSnapshotReader.readSummary(p);
        } catch (RunSnapshotReader.MalformedRun e) {
            throw new HistoryException(files.log() + " holds a run this version cannot read: " + e.getMessage()
                    + JsonProblem.at(p.currentLocation()), e);
        }
    }

    private HistoryException notALog(String problem) {
        return new HistoryException(files.log() + " is not a cost log: " + problem);
    }

    /** An archive and how much of it this moment holds. */
    private record Part(Path file, long length) {
    }

    /** The folder at one moment: the log open (its content fixed, whatever replaces it later) and the archives. */
    private static final class Snapshot implements AutoCloseable {
        FileChannel log;
        final List<Part> archives = new ArrayList<>();

        @Override
        public void close() throws IOException {
            if (log != null) {
                log.close();
            }
        }
    }

    private Snapshot snapshot() throws IOException {
        Snapshot s = new Snapshot();
        ArchiveIntent intent;
        LogLock lock;
        try {
            lock = LogLock.shared(files, CostLogStore.LOCK_WAIT);
        } catch (AccessDeniedException e) {
            lock = null; // A reader that may not open the lock reads without it: a write may then be seen half-way.
        }
        try {
            try {
                s.log = FileChannel.open(files.log(), StandardOpenOption.READ);
            } catch (NoSuchFileException none) {
                s.log = null;
            }
            for (Path a : archives.list()) {
                LogIndex.ArchiveState state = Archives.state(a);
                if (state != null) {
                    s.archives.add(new Part(a, state.length()));
                }
            }
            intent = ArchiveIntent.read(files.intent());
        } catch (NotACostLog e) {
            s.close();
            throw new HistoryException(files.intent() + " is not an archiving record: " + e.getMessage());
        } catch (IOException | RuntimeException | Error e) {
            s.close();
            throw e;
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
        if (intent != null && logHolds(s.log, intent.firstRunId())) {
            // The log was not replaced: what the interrupted move appended is not part of the history.
            for (int i = s.archives.size() - 1; i >= 0; i--) {
                Part p = s.archives.get(i);
                Long before = intent.lengths().get(p.file.getFileName().toString());
                if (before != null) {
                    if (before < 0) {
                        s.archives.remove(i);
                    } else {
                        s.archives.set(i, new Part(p.file, Math.min(before, p.length)));
                    }
                }
            }
        }
        return s;
    }

    private boolean logHolds(FileChannel log, String runId) throws IOException {
        if (log == null) {
            return false;
        }
        try {
            return LogScan.scan(log, Set.of(runId), 0).found.containsKey(runId);
        } catch (NotACostLog e) {
            throw notALog(e.getMessage());
        }
    }

    /** For messages and tests: the archive files this history reads, in order. */
    List<Path> archiveFiles() throws IOException {
        return archives.list();
    }

    @Override
    public String toString() {
        return "FolderHistory[" + files.log() + "]";
    }
}
