package dev.costagent.agent.report.history;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.costagent.agent.report.RunSnapshotJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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

    static final int VERSION = 1;

    /** An archive's size and modification time (nanoseconds) when this agent last wrote or read it through. */
    record ArchiveState(long length, long modified) {
    }

    int runs() {
        return runStarts.length;
    }

    /** Where entry {@code i} ends: the separator ahead of the next one is not part of it. */
    long runEnd(int i) {
        return i + 1 < runStarts.length ? runStarts[i + 1] - LogWriter.NEXT.length : runsEnd;
    }

    LogIndex withArchives(Map<String, ArchiveState> states) {
        return new LogIndex(logLength, logCrc, runStarts, runsEnd, membersStart, membersEnd, cumulativeStart,
                cumulativeEnd, states);
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

    byte[] render() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 9 * runStarts.length);
        try (JsonGenerator g = RunSnapshotJson.JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("version", VERSION);
            g.writeNumberField("log_length", logLength);
            g.writeNumberField("log_crc32c", logCrc);
            g.writeNumberField("runs_end", runsEnd);
            g.writeNumberField("members_start", membersStart);
            g.writeNumberField("members_end", membersEnd);
            g.writeNumberField("cumulative_start", cumulativeStart);
            g.writeNumberField("cumulative_end", cumulativeEnd);
            g.writeFieldName("run_starts");
            g.writeArray(runStarts, 0, runStarts.length);
            g.writeObjectFieldStart("archives");
            for (Map.Entry<String, ArchiveState> a : archives.entrySet()) {
                g.writeObjectFieldStart(a.getKey());
                g.writeNumberField("length", a.getValue().length());
                g.writeNumberField("modified", a.getValue().modified());
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON in memory", e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** The index at {@code file}, or null when there is none this version can use. */
    static LogIndex read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
        try (JsonParser p = RunSnapshotJson.JSON.createParser(bytes)) {
            return parse(p);
        } catch (JsonProcessingException | RuntimeException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private static LogIndex parse(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        long[] v = new long[8];
        Arrays.fill(v, -1);
        long[] starts = null;
        Map<String, ArchiveState> archives = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            int slot = switch (name) {
                case "version" -> 0;
                case "log_length" -> 1;
                case "log_crc32c" -> 2;
                case "runs_end" -> 3;
                case "members_start" -> 4;
                case "members_end" -> 5;
                case "cumulative_start" -> 6;
                case "cumulative_end" -> 7;
                default -> -1;
            };
            if (slot >= 0 && t == JsonToken.VALUE_NUMBER_INT) {
                v[slot] = p.getLongValue();
            } else if (name.equals("run_starts") && t == JsonToken.START_ARRAY) {
                starts = longs(p);
            } else if (name.equals("archives") && t == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String file = p.currentName();
                    p.nextToken();
                    long length = -1;
                    long modified = -1;
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String field = p.currentName();
                        p.nextToken();
                        if (field.equals("length")) {
                            length = p.getLongValue();
                        } else if (field.equals("modified")) {
                            modified = p.getLongValue();
                        } else {
                            p.skipChildren();
                        }
                    }
                    archives.put(file, new ArchiveState(length, modified));
                }
            } else {
                p.skipChildren();
            }
        }
        for (long x : v) {
            if (x < 0) {
                return null;
            }
        }
        if (v[0] != VERSION || starts == null || !ordered(starts, v)) {
            return null;
        }
        return new LogIndex(v[1], v[2], starts, v[3], v[4], v[5], v[6], v[7], archives);
    }

    private static long[] longs(JsonParser p) throws IOException {
        long[] out = new long[64];
        int n = 0;
        while (p.nextToken() == JsonToken.VALUE_NUMBER_INT) {
            if (n == out.length) {
                out = Arrays.copyOf(out, n * 2);
            }
            out[n++] = p.getLongValue();
        }
        return p.currentToken() == JsonToken.END_ARRAY ? Arrays.copyOf(out, n) : null;
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
        return v[3] >= last && v[4] >= v[3] && v[5] >= v[4] && v[6] >= v[5] && v[7] > v[6] && v[1] >= v[7];
    }
}
