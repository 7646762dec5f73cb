package dev.costagent.agent.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code cost_log.json} in memory as plain values: {@code Map} (in document order), {@code List}, {@code String},
 * {@code Boolean}, null, and numbers as Jackson's databind tree held them (whole numbers as {@code Integer},
 * {@code Long} or {@code BigInteger}; others as {@code BigDecimal} without trailing zeros). It is written back
 * exactly as databind wrote such a tree, so that the file keeps the form it always had.
 *
 * <p>The run entries, nearly all of the file, are usually not read into values at all: when {@link LogScanner}
 * vouches for the file, each entry stays a {@link LogScanner.RawRun}, and writing copies its bytes as they are.
 * The rest is written by {@link JsonText}, which writes what jackson-core's generator wrote without loading it;
 * jackson-core reads what the scanner does not vouch for and writes what {@link JsonText} declines. Databind's
 * classes would take longer to load than the whole write.
 */
final class LogDocument {

    /** A document that is not one JSON value; its message and location are the parser's. */
    static final class NotJson extends Exception {
        private static final long serialVersionUID = 1L;
        /** The parser's message, without its location. */
        final String reason;
        /** Where, or null when the parser did not say. */
        final Integer line;

        NotJson(String reason, Integer line) {
            super(reason);
            this.reason = reason;
            this.line = line;
        }
    }

    /**
     * @param root          the document's value (null for an empty file)
     * @param source        the bytes that {@link LogScanner.RawRun}s in {@code root} point into
     * @param unknownInRuns when the runs were scanned, not read: the names in them this version does not know
     */
    record Parsed(Object root, byte[] source, List<String> unknownInRuns) {
    }

    private LogDocument() {
    }

    static Parsed parse(byte[] bytes) throws NotJson {
        LogScanner.Scan scan = LogScanner.scan(bytes);
        if (scan != null) {
            return fromScan(bytes, scan);
        }
        return WithJackson.parse(bytes);
    }

    private static Parsed fromScan(byte[] bytes, LogScanner.Scan scan) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (LogScanner.Member m : scan.members()) {
            root.put(m.name(), m.name().equals("runs") && scan.runs() != null
                    ? new ArrayList<Object>(scan.runs()) : m.value());
        }
        return new Parsed(root, bytes, scan.unknownInRuns());
    }

    /** Databind's tree keeps decimals without trailing zeros (JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES). */
    static BigDecimal stripped(BigDecimal d) {
        try {
            return d.stripTrailingZeros();
        } catch (ArithmeticException e) {
            return d;
        }
    }

    /** What databind's {@code JsonNode.asText(null)} said of a run's {@code run_id}, for matching it. */
    static String runIdText(Object run) {
        if (run instanceof LogScanner.RawRun raw) {
            return raw.runId();
        }
        if (!(run instanceof Map<?, ?> m)) {
            return null;
        }
        Object id = m.get("run_id");
        if (id == null) {
            return null;
        }
        if (id instanceof Map || id instanceof List) {
            return "";
        }
        return id.toString();
    }

    /** The document pretty-printed as databind's {@code INDENT_OUTPUT} printed it, and a final newline. */
    static byte[] render(Object root, byte[] source) throws IOException {
        try {
            return renderWithoutFallback(root, source);
        } catch (JsonText.Declined e) {
            JacksonSink g = new JacksonSink(source == null ? 4096 : source.length + 8192);
            try {
                new Writer(g, source).value(root);
            } catch (UncheckedIOException refused) {
                throw refused.getCause(); // Jackson's own refusal, as it always came out of here
            }
            return g.withFinalNewline();
        }
    }

    /** As {@link #render}, by {@link JsonText} alone. */
    static byte[] renderWithoutFallback(Object root, byte[] source) {
        JsonText g = new JsonText(source == null ? 4096 : source.length + 8192);
        new Writer(g, source).value(root);
        return g.withFinalNewline();
    }

    /** A plain class, not a record: nothing on the exit path should bootstrap a record's ObjectMethods. */
    private static final class Writer {
        private final JsonSink g;
        private final byte[] source;

        Writer(JsonSink g, byte[] source) {
            this.g = g;
            this.source = source;
        }

        void value(Object v) {
            if (v == null) {
                g.nullValue();
            } else if (v instanceof String s) {
                g.value(s);
            } else if (v instanceof BigDecimal d) {
                g.value(d);
            } else if (v instanceof Integer n) {
                g.value(n.intValue());
            } else if (v instanceof Long n) {
                g.value(n.longValue());
            } else if (v instanceof BigInteger n) {
                g.value(n);
            } else if (v instanceof Boolean t) {
                g.value(t.booleanValue());
            } else if (v instanceof Map<?, ?> m) {
                g.startObject();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    g.name((String) e.getKey());
                    value(e.getValue());
                }
                g.endObject();
            } else if (v instanceof List<?> l) {
                array(l);
            } else {
                throw new IllegalArgumentException("not a JSON value: " + v.getClass());
            }
        }

        /** Runs that followed each other in the old file are copied as one block, with what lay between them. */
        private void array(List<?> l) {
            g.startArray();
            int n = l.size();
            for (int k = 0; k < n; ) {
                if (l.get(k) instanceof LogScanner.RawRun first) {
                    LogScanner.RawRun last = first;
                    while (k + 1 < n && l.get(k + 1) instanceof LogScanner.RawRun next
                            && next.ordinal() == last.ordinal() + 1) {
                        last = next;
                        k++;
                    }
                    g.rawValue(source, first.start(), last.end() - first.start());
                } else {
                    value(l.get(k));
                }
                k++;
            }
            g.endArray();
        }
    }

    /**
     * jackson-core's parser, for the documents {@link LogScanner} does not vouch for (writing falls back to
     * {@link JacksonSink}); a class of its own so that its classes load only then.
     */
    private static final class WithJackson {

        private static final JsonFactory JSON = JsonFactory.builder()
                // Two members of one name would silently lose one of them on the way back out: not a log we keep.
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();

        static Parsed parse(byte[] bytes) throws NotJson {
            try (JsonParser p = JSON.createParser(bytes)) {
                JsonToken first = p.nextToken();
                Object root = first == null ? null : read(p);
                JsonToken trailing = p.nextToken();
                if (trailing != null) {
                    // What databind's FAIL_ON_TRAILING_TOKENS said: a second document would be dropped by a rewrite.
                    throw new NotJson("Trailing token (of type " + trailing + ") found after value",
                            p.currentTokenLocation().getLineNr());
                }
                return new Parsed(root, bytes, null);
            } catch (JsonProcessingException e) {
                // Syntax, a duplicate name, a read constraint: what databind reported, from the same parser.
                throw new NotJson(e.getOriginalMessage(), e.getLocation() == null ? null : e.getLocation().getLineNr());
            } catch (IOException e) {
                throw new UncheckedIOException("reading bytes in memory", e);
            }
        }

        /** The value at the parser's current token, as databind's tree (with big decimals for floats) held it. */
        private static Object read(JsonParser p) throws IOException {
            switch (p.currentToken()) {
                case START_OBJECT: {
                    Map<String, Object> m = new LinkedHashMap<>();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        p.nextToken();
                        m.put(name, read(p));
                    }
                    return m;
                }
                case START_ARRAY: {
                    List<Object> l = new ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        l.add(read(p));
                    }
                    return l;
                }
                case VALUE_STRING:
                    return p.getText();
                case VALUE_NUMBER_INT:
                    return p.getNumberValue();
                case VALUE_NUMBER_FLOAT:
                    return stripped(p.getDecimalValue());
                case VALUE_TRUE:
                    return Boolean.TRUE;
                case VALUE_FALSE:
                    return Boolean.FALSE;
                case VALUE_NULL:
                    return null;
                default:
                    throw new IllegalStateException("unexpected " + p.currentToken());
            }
        }
    }
}
