package dev.costagent.agent.report.history;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import dev.costagent.agent.events.RunSnapshot;
import dev.costagent.agent.report.RunSnapshotJson;
import dev.costagent.agent.report.RunSnapshotReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The log's JSON pieces, all through {@link RunSnapshotJson#JSON}: a run on one line, a value pretty-printed. */
final class LogJson {

    private LogJson() {
    }

    /** A run's log entry on one line, as {@link RunSnapshotJson#logEntry} writes it. */
    static byte[] entry(RunSnapshot run) {
        return RunSnapshotJson.logEntry(run);
    }

    /** A name as a JSON string, quoted and escaped. */
    static byte[] quoted(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(name.length() + 8);
        try (JsonGenerator g = RunSnapshotJson.JSON.createGenerator(out)) {
            g.writeString(name);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON in memory", e);
        }
        return out.toByteArray();
    }

    /** A plain JSON value pretty-printed as a member of the log's top-level object. */
    static byte[] nestedValue(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = nested(out)) {
            RunSnapshotJson.writeValue(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON in memory", e);
        }
        return out.toByteArray();
    }

    /** A generator into {@code out} that pretty-prints as a member of the log's top-level object. */
    static JsonGenerator nested(ByteArrayOutputStream out) throws IOException {
        return RunSnapshotJson.JSON.createGenerator(out).setPrettyPrinter(new Nested());
    }

    /**
     * Copies the value at the parser's current token to the generator, leaving the parser on the value's last token.
     * Numbers are copied as they are written, never through a {@code double}: Jackson's own
     * {@code copyCurrentStructure} would turn {@code 0.000001} into {@code 1.0E-6} and round long decimals.
     *
     * @param top receives the text of each string member of the value's own top level (an entry's
     *            {@code run_id}, {@code started_at}); may be null
     */
    static void copy(JsonParser p, JsonGenerator g, TopLevel top) throws IOException {
        int depth = 0;
        String name = null;
        JsonToken t = p.currentToken();
        while (true) {
            switch (t) {
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> g.writeNumber(p.getText());
                default -> g.copyCurrentEvent(p);
            }
            if (top != null && depth == 1) {
                if (t == JsonToken.FIELD_NAME) {
                    name = p.currentName();
                } else if (t == JsonToken.VALUE_STRING) {
                    top.text(name, p.getText());
                }
            }
            if (t.isStructStart()) {
                depth++;
            } else if (t.isStructEnd()) {
                depth--;
            }
            if (depth == 0) {
                return;
            }
            t = p.nextToken();
            if (t == null) {
                throw new IOException("the JSON ends inside a value");
            }
        }
    }

    /** A run's share of the totals as its entry says, or null when the entry is not one this version reads. */
    static Contribution share(byte[] entry) {
        try (JsonParser p = RunSnapshotJson.JSON.createParser(entry)) {
            p.nextToken();
            return Contribution.of(RunSnapshotReader.read(p).run());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Told the string members {@link #copy} saw at the top level of the value it copied. */
    @FunctionalInterface
    interface TopLevel {
        void text(String name, String value);
    }

    /**
     * Jackson's pretty printer one level in, so that a value written alone lines up as a member of the log's
     * top-level object ({@code "cumulative" : {...}} indented by two spaces, its members by four).
     */
    private static final class Nested extends DefaultPrettyPrinter {
        private static final long serialVersionUID = 1L;

        Nested() {
            _objectIndenter = new DefaultIndenter("  ", "\n");
            _nesting = 1;
        }
    }
}
