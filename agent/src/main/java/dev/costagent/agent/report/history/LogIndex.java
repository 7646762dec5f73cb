package dev.costagent.agent.report.history;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * {@code cost_log.json.index}: what the last writer of this version knew of the log it wrote, so that the next one
 * can update it without parsing its runs. It holds the log's length and CRC32C (one pass over the file proves it is
 * exactly that log), where each run and the parts around them start ({@link LogWriter}'s layout), and the length
 * and modification time of each archive as it was left.
 *
 * <p>The index is only a shortcut: any doubt (missing, unreadable, another version, a log it does not describe)
 * sends the writer down the slow path, which parses the log as the truth and writes a new index.
 *
 * @param runStarts      the byte offset of each run entry, oldest first
 * @param runMonths      the month each run started in ({@link Archives#month(String)}), for its archive
 * @param idBytes        the runs' ids, UTF-8, one after the other; {@link #runId} reads one
 * @param idEnds         where each run's id ends in {@code idBytes}
 * @param runsEnd        the offset just after the last entry
 * @param membersStart   where the top-level members between {@code runs} and {@code cumulative} start (after the
 *                       runs' closing bracket)
 * @param membersEnd     where they end (where {@code "cumulative" :} starts)
 * @param cumulativeStart where the {@code cumulative} object starts
 * @param cumulativeEnd  just after it
 * @param archives       file name to its state as this writer left it
 * @param cumulative     the log's {@code cumulative} object as plain values, when it holds only numbers and objects
 *                       of numbers (so, always, but for a newer version's additions): the usual exit then reads it
 *                       from here and needs no JSON parser at all; null otherwise
 */
record LogIndex(long logLength, long logCrc, long[] runStarts, int[] runMonths, byte[] idBytes, int[] idEnds,
                long runsEnd, long membersStart, long membersEnd, long cumulativeStart, long cumulativeEnd,
                Map<String, ArchiveState> archives, Map<String, Object> cumulative) {

    /** An archive's size and modification time (nanoseconds) when this agent last wrote or read it through. */
    record ArchiveState(long length, long modified) {

        /** Compared by hand: a record's own equals bootstraps method handles, tens of milliseconds at an exit. */
        boolean same(ArchiveState other) {
            return other != null && other.length == length && other.modified == modified;
        }
    }

    int runs() {
        return runStarts.length;
    }

    /** Run {@code i}'s id. */
    String runId(int i) {
        int from = i == 0 ? 0 : idEnds[i - 1];
        return new String(idBytes, from, idEnds[i] - from, StandardCharsets.UTF_8);
    }

    /** Where entry {@code i} ends: the separator ahead of the next one is not part of it. */
    long runEnd(int i) {
        return i + 1 < runStarts.length ? runStarts[i + 1] - LogWriter.NEXT.length : runsEnd;
    }

    /** Whether {@code log} is, byte for byte, the file this index was made for: one CRC32C pass over it. */
    boolean describes(FileChannel log) throws IOException {
        return log.size() == logLength && crc(log) == logCrc;
    }

    static long crc(FileChannel ch) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16);
        long position = 0;
        for (int n; (n = ch.read(buffer, position)) > 0; position += n) {
            buffer.flip();
            crc.update(buffer);
            buffer.clear();
        }
        return crc.getValue();
    }

    /** The file's first bytes: what it is, and its version. */
    private static final byte[] MAGIC = "cost-agent log index 3\n".getBytes(StandardCharsets.US_ASCII);
    private static final int LONGS = 7;
    private static final byte WHOLE = 0;
    private static final byte DECIMAL = 1;
    private static final byte GROUP = 2;

    /**
     * The index as bytes: a private cache of this version, so a plain binary form rather than JSON, which would cost
     * a parse of ten thousand numbers at each exit. After {@link #MAGIC}, little-endian (so that the arrays are
     * copied in one block): the seven positions and sums of the record, the count of runs, their start offsets,
     * months and the ends of their ids, the ids, each archive's name, length and modification time, and the
     * cumulative object when it can be carried (names and decimals as UTF-8 text, each with its length).
     */
    byte[] render() {
        Out out = new Out(MAGIC.length + 8 * LONGS + 8 * runStarts.length + 256);
        out.bytes(MAGIC);
        for (long v : new long[] {logLength, logCrc, runsEnd, membersStart, membersEnd, cumulativeStart,
                cumulativeEnd}) {
            out.putLong(v);
        }
        out.putInt(runStarts.length);
        out.longs(runStarts);
        out.ints(runMonths);
        out.ints(idEnds);
        out.putInt(idBytes.length);
        out.bytes(idBytes);
        out.putInt(archives.size());
        for (Map.Entry<String, ArchiveState> a : archives.entrySet()) {
            out.text(a.getKey());
            out.putLong(a.getValue().length());
            out.putLong(a.getValue().modified());
        }
        out.putInt(cumulative == null ? -1 : cumulative.size());
        if (cumulative != null) {
            for (Map.Entry<String, Object> m : cumulative.entrySet()) {
                out.text(m.getKey());
                out.value(m.getValue());
            }
        }
        return out.toArray();
    }

    /** Whether a cumulative object can be carried in the index: numbers, and objects of numbers. */
    static boolean carries(Map<String, Object> cumulative) {
        for (Object v : cumulative.values()) {
            if (v instanceof Map<?, ?> group) {
                for (Object n : group.values()) {
                    if (!(n instanceof Number)) {
                        return false;
                    }
                }
            } else if (!(v instanceof Number)) {
                return false;
            }
        }
        return true;
    }

    /** The index at {@code file}, or null when there is none this version can use (missing, damaged, another). */
    static LogIndex read(Path file) {
        try {
            return parse(ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN));
        } catch (IOException | RuntimeException unusable) {
            // A BufferUnderflowException, a length out of range: not an index of ours, so the log is parsed.
            return null;
        }
    }

    private static LogIndex parse(ByteBuffer in) {
        byte[] magic = new byte[MAGIC.length];
        in.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            return null;
        }
        long[] v = new long[LONGS];
        for (int i = 0; i < LONGS; i++) {
            v[i] = in.getLong();
        }
        int runs = in.getInt();
        if (runs < 0 || runs > in.remaining() / 8) {
            return null;
        }
        if (runs > in.remaining() / 16) {
            return null;
        }
        long[] starts = new long[runs];
        in.asLongBuffer().get(starts);
        in.position(in.position() + 8 * runs);
        int[] months = new int[runs];
        in.asIntBuffer().get(months);
        in.position(in.position() + 4 * runs);
        int[] idEnds = new int[runs];
        in.asIntBuffer().get(idEnds);
        in.position(in.position() + 4 * runs);
        int idLength = in.getInt();
        if (idLength < 0 || idLength > in.remaining() || runs > 0 && idEnds[runs - 1] != idLength) {
            return null;
        }
        byte[] ids = new byte[idLength];
        in.get(ids);
        for (int i = 0, last = 0; i < runs; last = idEnds[i++]) {
            if (idEnds[i] < last) {
                return null;
            }
        }
        int count = in.getInt();
        if (count < 0 || count > in.remaining() / 20) {
            return null;
        }
        Map<String, ArchiveState> archives = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            archives.put(text(in), new ArchiveState(in.getLong(), in.getLong()));
        }
        int members = in.getInt();
        Map<String, Object> cumulative = members < 0 ? null : new LinkedHashMap<>();
        for (int i = 0; i < members; i++) {
            cumulative.put(text(in), value(in));
        }
        if (in.hasRemaining() || !ordered(starts, v)) {
            return null;
        }
        return new LogIndex(v[0], v[1], starts, months, ids, idEnds, v[2], v[3], v[4], v[5], v[6], archives,
                cumulative);
    }

    private static String text(ByteBuffer in) {
        byte[] b = new byte[in.getInt()];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static Object value(ByteBuffer in) {
        byte kind = in.get();
        switch (kind) {
            case WHOLE:
                return in.getLong();
            case DECIMAL:
                return new BigDecimal(text(in));
            case GROUP: {
                int n = in.getInt();
                Map<String, Object> group = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    group.put(text(in), value(in));
                }
                return group;
            }
            default:
                throw new IllegalArgumentException("not a value of the index: " + kind);
        }
    }

    /** A growing little-endian buffer. */
    private static final class Out {
        private ByteBuffer b;

        Out(int size) {
            b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        }

        private void room(int n) {
            if (b.remaining() < n) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(b.capacity() * 2, b.position() + n))
                        .order(ByteOrder.LITTLE_ENDIAN);
                b.flip();
                bigger.put(b);
                b = bigger;
            }
        }

        void bytes(byte[] v) {
            room(v.length);
            b.put(v);
        }

        void putLong(long v) {
            room(8);
            b.putLong(v);
        }

        void putInt(int v) {
            room(4);
            b.putInt(v);
        }

        void longs(long[] v) {
            room(8 * v.length);
            b.asLongBuffer().put(v);
            b.position(b.position() + 8 * v.length);
        }

        void ints(int[] v) {
            room(4 * v.length);
            b.asIntBuffer().put(v);
            b.position(b.position() + 4 * v.length);
        }

        void text(String s) {
            byte[] t = s.getBytes(StandardCharsets.UTF_8);
            putInt(t.length);
            bytes(t);
        }

        void value(Object v) {
            room(1);
            if (v instanceof Map<?, ?> group) {
                b.put(GROUP);
                putInt(group.size());
                for (Map.Entry<?, ?> e : group.entrySet()) {
                    text((String) e.getKey());
                    value(e.getValue());
                }
            } else if (v instanceof Long || v instanceof Integer) {
                b.put(WHOLE);
                putLong(((Number) v).longValue());
            } else {
                b.put(DECIMAL);
                text(v instanceof BigDecimal d ? d.toPlainString() : new BigDecimal(v.toString()).toPlainString());
            }
        }

        byte[] toArray() {
            return Arrays.copyOf(b.array(), b.position());
        }
    }

    /** Offsets that do not follow each other within the log describe no log this writer made. */
    private static boolean ordered(long[] starts, long[] v) {
        long last = 0;
        for (long s : starts) {
            if (s <= last) {
                return false;
            }
            last = s;
        }
        // logLength, crc, runsEnd, membersStart, membersEnd, cumulativeStart, cumulativeEnd
        return v[2] >= last && v[3] >= v[2] && v[4] >= v[3] && v[5] >= v[4] && v[6] > v[5] && v[0] >= v[6];
    }
}
