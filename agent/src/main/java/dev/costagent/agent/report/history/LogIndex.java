package dev.costagent.agent.report.history;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
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
 * @param runsEnd        the offset just after the last entry
 * @param membersStart   where the top-level members between {@code runs} and {@code cumulative} start (after the
 *                       runs' closing bracket)
 * @param membersEnd     where they end (where {@code "cumulative" :} starts)
 * @param cumulativeStart where the {@code cumulative} object starts
 * @param cumulativeEnd  just after it
 * @param archives       file name to its state as this writer left it
 */
record LogIndex(long logLength, long logCrc, long[] runStarts, long runsEnd, long membersStart, long membersEnd,
                long cumulativeStart, long cumulativeEnd, Map<String, ArchiveState> archives) {

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
    private static final byte[] MAGIC = "cost-agent log index 1\n".getBytes(StandardCharsets.US_ASCII);
    private static final int LONGS = 7;

    /**
     * The index as bytes: a private cache of this version, so a plain binary form rather than JSON, which would cost
     * a parse of ten thousand numbers at each exit. After {@link #MAGIC}, big-endian: the seven positions and sums
     * of the record, the count of runs and their start offsets, then each archive's name (length-prefixed UTF-8),
     * length and modification time.
     */
    byte[] render() {
        int size = MAGIC.length + 8 * LONGS + 4 + 8 * runStarts.length + 4;
        List<byte[]> names = new ArrayList<>(archives.size());
        for (String n : archives.keySet()) {
            byte[] b = n.getBytes(StandardCharsets.UTF_8);
            names.add(b);
            size += 2 + b.length + 16;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(MAGIC);
        out.putLong(logLength).putLong(logCrc).putLong(runsEnd).putLong(membersStart).putLong(membersEnd)
                .putLong(cumulativeStart).putLong(cumulativeEnd);
        out.putInt(runStarts.length);
        for (long s : runStarts) {
            out.putLong(s);
        }
        out.putInt(archives.size());
        int i = 0;
        for (ArchiveState a : archives.values()) {
            byte[] name = names.get(i++);
            out.putShort((short) name.length).put(name).putLong(a.length()).putLong(a.modified());
        }
        return out.array();
    }

    /** The index at {@code file}, or null when there is none this version can use (missing, damaged, another). */
    static LogIndex read(Path file) {
        try {
            return parse(ByteBuffer.wrap(Files.readAllBytes(file)));
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
        long[] starts = new long[runs];
        for (int i = 0; i < runs; i++) {
            starts[i] = in.getLong();
        }
        int count = in.getInt();
        if (count < 0 || count > in.remaining() / 18) {
            return null;
        }
        Map<String, ArchiveState> archives = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            byte[] name = new byte[in.getShort() & 0xffff];
            in.get(name);
            archives.put(new String(name, StandardCharsets.UTF_8), new ArchiveState(in.getLong(), in.getLong()));
        }
        if (in.hasRemaining() || !ordered(starts, v)) {
            return null;
        }
        return new LogIndex(v[0], v[1], starts, v[2], v[3], v[4], v[5], v[6], archives);
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
