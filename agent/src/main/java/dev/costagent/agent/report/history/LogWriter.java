package dev.costagent.agent.report.history;

import dev.costagent.agent.report.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Writes {@code cost_log.json} in the one layout this version writes, and notes where each part starts for the
 * {@link LogIndex}:
 *
 * <pre>
 * {
 *   "runs" : [
 *     {"run_id":"...",...},          one run per line, compact
 *     {"run_id":"...",...}
 *   ],
 *   "format" : 9,                    top-level members of a newer version, kept (pretty-printed)
 *   "cumulative" : {
 *     "runs" : 2,
 *     ...
 *   }
 * }
 * </pre>
 *
 * It is the pretty-printed JSON Jackson writes with line breaks between array elements, except that each run is on
 * one line: that halves the file, and lets runs move to the archive (one JSON per line) as the bytes they are. The
 * values are Jackson's ({@link LogJson}); this class only puts the pieces, and the runs it copies from an old log of
 * the same layout, one after the other.
 */
final class LogWriter {

    static final byte[] HEAD = ascii("{\n  \"runs\" : [");
    static final byte[] FIRST = ascii("\n    ");
    static final byte[] NEXT = ascii(",\n    ");
    static final byte[] CLOSE = ascii("\n  ]");
    static final byte[] CLOSE_EMPTY = ascii(" ]");
    static final byte[] CUMULATIVE = ascii(",\n  \"cumulative\" : ");
    static final byte[] END = ascii("\n}\n");

    private final WritableByteChannel out;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16);
    private final CRC32C crc = new CRC32C();
    /** Bytes already handed to the channel. */
    private long flushed;
    private long[] starts = new long[256];
    private int[] months = new int[256];
    private int[] idEnds = new int[256];
    private final ByteArrayOutputStream ids = new ByteArrayOutputStream(256 * 24);
    private int count;
    private long runsEnd = -1;
    private long membersStart;
    private long membersEnd;
    private long cumulativeStart;
    private long cumulativeEnd = -1;
    private Cumulative totals;

    LogWriter(WritableByteChannel out) throws IOException {
        this.out = out;
        put(HEAD);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A run entry: one line of compact JSON, with its id and month for the index. */
    void entry(byte[] line, String runId, int month) throws IOException {
        separate();
        byte[] id = runId.getBytes(StandardCharsets.UTF_8);
        start(here(), month, id, 0, id.length);
        put(line);
    }

    /**
     * Entries {@code from} to {@code to - 1} of an old log this layout wrote, which {@code index} describes, copied
     * as the bytes they are with the separators between them.
     */
    void entries(FileChannel old, LogIndex index, int from, int to) throws IOException {
        if (from >= to) {
            return;
        }
        separate();
        long first = index.runStarts()[from];
        long at = here();
        for (int i = from; i < to; i++) {
            int idFrom = i == 0 ? 0 : index.idEnds()[i - 1];
            start(at + index.runStarts()[i] - first, index.runMonths()[i], index.idBytes(), idFrom,
                    index.idEnds()[i] - idFrom);
        }
        copy(old, first, index.runEnd(to - 1));
    }

    private void separate() throws IOException {
        if (runsEnd >= 0) {
            throw new IllegalStateException("the runs are closed");
        }
        put(count == 0 ? FIRST : NEXT);
    }

    private void start(long at, int month, byte[] id, int idFrom, int idLength) {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            months = Arrays.copyOf(months, count * 2);
            idEnds = Arrays.copyOf(idEnds, count * 2);
        }
        starts[count] = at;
        months[count] = month;
        ids.write(id, idFrom, idLength);
        idEnds[count] = ids.size();
        count++;
    }

    /** Closes the runs; what follows are the other top-level members, then the cumulative totals. */
    void endRuns() throws IOException {
        runsEnd = here();
        put(count == 0 ? CLOSE_EMPTY : CLOSE);
        membersStart = here();
    }

    /** Top-level members other than {@code runs} and {@code cumulative}, each {@code ,\n  "name" : value}. */
    void members(Map<String, byte[]> rendered) throws IOException {
        for (Map.Entry<String, byte[]> m : rendered.entrySet()) {
            put(ascii(",\n  "));
            put(LogJson.quoted(m.getKey()));
            put(ascii(" : "));
            put(m.getValue());
        }
    }

    /** The other top-level members as an old log of this layout holds them. */
    void members(FileChannel old, LogIndex index) throws IOException {
        copy(old, index.membersStart(), index.membersEnd());
    }

    /** The cumulative totals and the end of the document. */
    void cumulative(Cumulative totals) throws IOException {
        this.totals = totals;
        byte[] value = totals.render();
        membersEnd = here();
        put(CUMULATIVE);
        cumulativeStart = here();
        put(value);
        cumulativeEnd = here();
        put(END);
        flush();
    }

    /** What the written log is, for its index; the archives' states are added by the caller. */
    LogIndex index(Map<String, LogIndex.ArchiveState> archives) {
        if (cumulativeEnd < 0) {
            throw new IllegalStateException("the log is not complete");
        }
        Map<String, Object> carried = LogIndex.carries(totals.values()) ? totals.values() : null;
        return new LogIndex(flushed, crc.getValue(), Arrays.copyOf(starts, count), Arrays.copyOf(months, count),
                ids.toByteArray(), Arrays.copyOf(idEnds, count), runsEnd, membersStart, membersEnd, cumulativeStart,
                cumulativeEnd, archives, carried);
    }

    /** Where the next byte goes. */
    private long here() {
        return flushed + buffer.position();
    }

    private void put(byte[] bytes) throws IOException {
        for (int at = 0; at < bytes.length; ) {
            if (!buffer.hasRemaining()) {
                flush();
            }
            int n = Math.min(buffer.remaining(), bytes.length - at);
            buffer.put(bytes, at, n);
            at += n;
        }
    }

    /** Copies bytes {@code from} to {@code to} of {@code old}, through the buffer so that the CRC sees them. */
    private void copy(FileChannel old, long from, long to) throws IOException {
        long at = from;
        while (at < to) {
            if (!buffer.hasRemaining()) {
                flush();
            }
            int limit = buffer.limit();
            buffer.limit((int) Math.min(limit, buffer.position() + (to - at)));
            int n = old.read(buffer, at);
            buffer.limit(limit);
            if (n < 0) {
                throw new IOException("the old log ended early, at byte " + at);
            }
            at += n;
        }
    }

    private void flush() throws IOException {
        buffer.flip();
        flushed += buffer.remaining();
        crc.update(buffer.duplicate());
        AtomicFiles.writeFully(out, buffer);
        buffer.clear();
    }
}
