package dev.costagent.agent.report.history;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.costagent.agent.report.AtomicFiles;
import dev.costagent.agent.report.FileModes;
import dev.costagent.agent.report.FileReplacer;
import dev.costagent.agent.report.RunSnapshotJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Entries that could not be written to the log ({@code cost_log.spool/<run_id>.json}), each written atomically by
 * the run that could not write it, and merged into the log by the next write that can, then removed. A spooled
 * entry merged twice (a crash between the log's replacement and the removal) replaces its own entry the second
 * time, so it is counted once.
 *
 * <p>Each file is {@code {"written_before": false, "run": {...}}}: whether the run had already written an entry of
 * its own to the log (at a budget stop), which it then replaces rather than adds.
 */
final class Spool {

    /** One spooled entry. */
    record Entry(Path file, String runId, int month, byte[] line, boolean writtenBefore) {
    }

    private final Path dir;

    Spool(Path dir) {
        this.dir = dir;
    }

    /** Keeps the entry; the spool's folder is made like the log's. Works without the log's lock. */
    Path put(FileReplacer files, String runId, byte[] line, boolean writtenBefore, Path log) throws IOException {
        FileModes.createDirectoryLike(dir, dir.getParent());
        ByteArrayOutputStream out = new ByteArrayOutputStream(line.length + 64);
        try (JsonGenerator g = RunSnapshotJson.JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeBooleanField("written_before", writtenBefore);
            g.writeFieldName("run");
            g.writeRawValue(new String(line, StandardCharsets.UTF_8));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON in memory", e);
        }
        out.write('\n');
        byte[] bytes = out.toByteArray();
        Path file = dir.resolve(fileName(runId));
        files.replace(file, AtomicFiles.bytes(bytes), true, log);
        return file;
    }

    /** A run id as a file name: the agent's ids are safe already; anything else is made so. */
    static String fileName(String runId) {
        StringBuilder b = new StringBuilder(runId.length() + 5);
        for (char c : runId.toCharArray()) {
            b.append(Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_' ? c : '_');
        }
        return b.append(".json").toString();
    }

    /**
     * The entries waiting, oldest name first. A file that cannot be read as one is left for {@code unreadable}.
     */
    List<Entry> list(List<Path> unreadable) throws IOException {
        List<Entry> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                String n = p.getFileName().toString();
                if (n.endsWith(".json") && !n.startsWith(".")) {
                    files.add(p);
                }
            }
        }
        files.sort(null);
        for (Path f : files) {
            Entry e = read(f);
            if (e == null) {
                unreadable.add(f);
            } else {
                out.add(e);
            }
        }
        return out;
    }

    private static Entry read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try (JsonParser p = RunSnapshotJson.JSON.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Boolean before = null;
            byte[] line = null;
            String[] seen = new String[2]; // its run_id and started_at
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (name.equals("written_before") && t.isBoolean()) {
                    before = p.getBooleanValue();
                } else if (name.equals("run") && t == JsonToken.START_OBJECT) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
                    try (JsonGenerator g = RunSnapshotJson.JSON.createGenerator(out)) {
                        LogJson.copy(p, g, new LogJson.TopLevel() {
                            @Override
                            public void text(String n, String value) {
                                if ("run_id".equals(n)) {
                                    seen[0] = value;
                                } else if ("started_at".equals(n)) {
                                    seen[1] = value;
                                }
                            }
                        });
                    }
                    line = out.toByteArray();
                } else {
                    p.skipChildren();
                }
            }
            if (before == null || line == null || seen[0] == null || p.nextToken() != null) {
                return null;
            }
            return new Entry(file, seen[0], Archives.month(seen[1]), line, before);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** Removes what a committed write merged. */
    static void remove(List<Entry> merged) {
        for (Entry e : merged) {
            try {
                Files.deleteIfExists(e.file());
            } catch (IOException ignored) {
                // Merged again by the next write, which replaces the same entry: still counted once.
            }
        }
    }
}
