package dev.costagent.agent.report.history;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.costagent.agent.report.AtomicFiles;
import dev.costagent.agent.report.FileModes;
import dev.costagent.agent.report.RunSnapshotJson;
import dev.costagent.agent.report.RunSnapshotReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * The archive folder beside the log ({@code cost_log.archive/}): one file per month the runs started in,
 * {@code 2026-11.jsonl.gz}, each a sequence of gzip members, each member some runs, one JSON object per line,
 * oldest first. A file is only ever appended to; the one exception is the repair of an append that a crash
 * interrupted before the log was replaced ({@link ArchiveIntent}), which cuts the file back to where it ended.
 * {@code zcat 2026-11.jsonl.gz} gives its runs, since gzip readers read concatenated members as one stream.
 */
final class Archives {

    static final String SUFFIX = ".jsonl.gz";

    private final Path dir;

    Archives(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    /**
     * The month a run started in, {@code 202611} for {@code 2026-11-22T08:00:00Z}, or 0 when its start time is not
     * a time: such a run goes to the archive of the run before it ({@link #month(int, int, int)}).
     */
    static int month(String startedAt) {
        if (startedAt == null || startedAt.length() < 7 || startedAt.charAt(4) != '-') {
            return 0;
        }
        int m = 0;
        for (int i = 0; i < 7; i++) {
            if (i == 4) {
                continue;
            }
            char c = startedAt.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            m = m * 10 + (c - '0');
        }
        return m % 100 >= 1 && m % 100 <= 12 ? m : 0;
    }

    /** A run's month: its own, else the run's before it, else {@code now}'s. */
    static int month(int own, int previous, int now) {
        return own != 0 ? own : previous != 0 ? previous : now;
    }

    /** This month, from the clock: an instant's text starts with its UTC date. */
    static int thisMonth() {
        return month(java.time.Instant.now().toString());
    }

    /** {@code 2026-11.jsonl.gz} for {@code 202611}. */
    static String name(int month) {
        int mm = month % 100;
        return (month / 100) + (mm < 10 ? "-0" : "-") + mm + SUFFIX;
    }

    /** The archive files, in the order they are read: by name, so by month. */
    List<Path> list() throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                String n = p.getFileName().toString();
                if (n.endsWith(SUFFIX) && !n.startsWith(".")) {
                    out.add(p);
                }
            }
        } catch (NoSuchFileException gone) {
            return out;
        }
        out.sort(null);
        return out;
    }

    /** The file's size and modification time, or null when it is not there. */
    static LogIndex.ArchiveState state(Path file) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new LogIndex.ArchiveState(a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS));
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * Reads the whole file through, up to {@code length} bytes: every member must decompress and every line be a
     * JSON object.
     *
     * @return null when it reads so; else what is wrong, in our words ({@code it is not whole gzip data ...})
     */
    static String problem(Path file, long length) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
             JsonParser p = RunSnapshotJson.JSON.createParser(runs(ch, length))) {
            for (JsonToken t; (t = p.nextToken()) != null; ) {
                if (t != JsonToken.START_OBJECT) {
                    return "it holds a line that is not a run object" + JsonProblem.at(p.currentTokenLocation());
                }
                p.skipChildren();
            }
            return null;
        } catch (JsonProcessingException e) {
            return "it is " + JsonProblem.describe(e);
        } catch (ZipException | EOFException e) {
            return "it is not whole gzip data (" + e.getMessage() + ")";
        }
    }

    /**
     * Hands each run of the first {@code length} bytes of an archive to {@code visitor}, in order.
     *
     * @return false when the visitor asked to stop
     * @throws HistoryException naming the file when it is not an archive this version reads
     */
    static boolean read(Path file, long length, RunHistory.RunVisitor visitor) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
             JsonParser p = RunSnapshotJson.JSON.createParser(runs(ch, length))) {
            for (JsonToken t; (t = p.nextToken()) != null; ) {
                if (t != JsonToken.START_OBJECT) {
                    throw new HistoryException(file + " is not a cost-log archive: a line that is not a run object"
                            + JsonProblem.at(p.currentTokenLocation()));
                }
                RunSnapshotReader.RunRecord run;
                try {
                    run = RunSnapshotReader.read(p);
                } catch (RunSnapshotReader.MalformedRun e) {
                    throw new HistoryException(file + " holds a run this version cannot read: " + e.getMessage()
                            + JsonProblem.at(p.currentLocation()), e);
                }
                if (!visitor.visit(run)) {
                    return false;
                }
            }
            return true;
        } catch (JsonProcessingException e) {
            throw new HistoryException(file + " is not a cost-log archive: it is " + JsonProblem.describe(e), e);
        } catch (ZipException | EOFException e) {
            throw new HistoryException(file + " is not a cost-log archive: it is not whole gzip data ("
                    + e.getMessage() + ")", e);
        }
    }

    /** The decompressed runs of the first {@code length} bytes of an archive: JSON objects, one per line. */
    static InputStream runs(FileChannel ch, long length) throws IOException {
        return new GzipMembers(new ChannelWindow(ch, 0, length));
    }

    /**
     * Opens an archive to append one gzip member to; a new file gets the log's mode. Lines go in with
     * {@link Appender#line}; {@link Appender#finish} completes the member and forces it to disk.
     */
    Appender append(String name, Path log) throws ArchiveFailure {
        try {
            return open(name, log);
        } catch (ArchiveFailure e) {
            throw e;
        } catch (IOException e) {
            throw new ArchiveFailure(e);
        }
    }

    private Appender open(String name, Path log) throws IOException {
        FileModes.createDirectoryLike(dir, dir.getParent());
        Path file = dir.resolve(name);
        boolean created = !Files.exists(file);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        try {
            // An archive follows the log's mode, so that whoever may write the log may also append here.
            FileModes.Mode mode = FileModes.of(log);
            if (created || mode != null && !FileModes.same(mode, FileModes.of(file))) {
                FileModes.apply(file, mode);
            }
            if (created) {
                AtomicFiles.syncDirectory(dir);
            }
            return new Appender(ch);
        } catch (IOException | RuntimeException | Error e) {
            ch.close();
            throw e;
        }
    }

    /** One gzip member being appended to an archive. */
    static final class Appender {
        private final FileChannel ch;
        private final GZIPOutputStream gz;

        private Appender(FileChannel ch) throws IOException {
            this.ch = ch;
            this.gz = new GZIPOutputStream(Channels.newOutputStream(ch), 1 << 16);
        }

        /** One run: a JSON object on one line. */
        void line(byte[] json) throws ArchiveFailure {
            try {
                gz.write(json);
                gz.write('\n');
            } catch (IOException e) {
                throw new ArchiveFailure(e);
            }
        }

        /** Completes the member and forces it to disk. */
        void finish() throws ArchiveFailure {
            try (GZIPOutputStream closing = gz) {
                closing.finish();
                closing.flush();
                ch.force(true);
            } catch (IOException e) {
                throw new ArchiveFailure(e);
            }
        }

        /** Closes without completing: what was written is cut back by the caller ({@link ArchiveIntent#undo}). */
        void abandon() {
            try {
                ch.close();
            } catch (IOException ignored) {
                // Closed either way.
            }
        }
    }

    /**
     * Cuts the file back to {@code length} bytes, removing what an interrupted append added; a file that did not
     * exist before ({@code length < 0}) is removed.
     */
    static void cutBack(Path file, long length) throws IOException {
        if (length < 0) {
            Files.deleteIfExists(file);
            return;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            if (ch.size() > length) {
                ch.truncate(length);
                ch.force(true);
            }
        } catch (NoSuchFileException gone) {
            // Nothing was appended to it that could be counted twice.
        }
    }
}
