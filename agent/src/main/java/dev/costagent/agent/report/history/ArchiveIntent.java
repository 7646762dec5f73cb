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
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The record a writer leaves while runs move from the log to the archive ({@code cost_log.archive/intent.json}),
 * so that a crash at any moment of the move is repaired by the next writer, each run counted once.
 *
 * <p>The move is: (1) this record, forced to disk; (2) the runs appended to their archives, forced; (3) the log
 * replaced by one without them; (4) this record removed. The log is the truth: while it still holds the first run
 * moved, step 3 did not happen, and whatever step 2 appended is cut off again ({@link #undo}), back to the lengths
 * noted here. Once the log no longer holds that run, the archives hold the moved runs, and only the record is left
 * to remove. Readers apply the same rule to what they read ({@link FolderHistory}).
 *
 * @param firstRunId the oldest run moved: the runs moved are the log's first {@code runs}
 * @param lengths    each archive appended to, with its length before (-1: it did not exist)
 */
record ArchiveIntent(String firstRunId, long runs, Map<String, Long> lengths) {

    /** The record in {@code file}, or null when there is none. */
    static ArchiveIntent read(Path file) throws IOException, NotACostLog {
        if (!Files.isDirectory(file.getParent())) {
            return null; // no archive, so no move to repair
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        try (JsonParser p = RunSnapshotJson.JSON.createParser(bytes)) {
            String first = null;
            long runs = -1;
            Map<String, Long> lengths = null;
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new NotACostLog("it is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (name.equals("first_run_id") && t == JsonToken.VALUE_STRING) {
                    first = p.getText();
                } else if (name.equals("runs") && t == JsonToken.VALUE_NUMBER_INT) {
                    runs = p.getLongValue();
                } else if (name.equals("archives") && t == JsonToken.START_OBJECT) {
                    lengths = new LinkedHashMap<>();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String archive = p.currentName();
                        if (p.nextToken() != JsonToken.VALUE_NUMBER_INT) {
                            throw new NotACostLog("the length of '" + archive + "' is not a whole number");
                        }
                        lengths.put(archive, p.getLongValue());
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (first == null || runs < 1 || lengths == null) {
                throw new NotACostLog("it lacks 'first_run_id', 'runs' or 'archives'");
            }
            return new ArchiveIntent(first, runs, lengths);
        } catch (JsonProcessingException e) {
            throw new NotACostLog("it is " + JsonProblem.describe(e));
        }
    }

    /** Writes the record and forces it, and its name in the folder, to disk before any archive is touched. */
    void write(FileReplacer files, Path file, Path log) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = RunSnapshotJson.JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("first_run_id", firstRunId);
            g.writeNumberField("runs", runs);
            g.writeObjectFieldStart("archives");
            for (Map.Entry<String, Long> e : lengths.entrySet()) {
                g.writeNumberField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON in memory", e);
        }
        out.write('\n');
        byte[] bytes = out.toByteArray();
        FileModes.createDirectoryLike(file.getParent(), file.getParent().getParent());
        files.replace(file, AtomicFiles.bytes(bytes), true, log);
        AtomicFiles.syncDirectory(file.getParent());
    }

    /** Cuts every archive back to its length before the interrupted move. */
    void undo(Archives archives) throws IOException {
        for (Map.Entry<String, Long> e : lengths.entrySet()) {
            Archives.cutBack(archives.file(e.getKey()), e.getValue());
        }
    }

    static void remove(Path file) throws IOException {
        Files.deleteIfExists(file);
    }
}
