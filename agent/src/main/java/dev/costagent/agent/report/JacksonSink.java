package dev.costagent.agent.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * jackson-core's pretty printer as a {@link JsonSink}: the rendering of old, for the documents {@link JsonText}
 * declines; a class of its own so that Jackson's ~60 classes load only then. Jackson's own refusals come out as
 * {@link UncheckedIOException}s around them.
 *
 * <p>Thread-safety: one instance per document, on one thread.
 */
final class JacksonSink implements JsonSink {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private final ByteArrayOutputStream out;
    private final JsonGenerator g;

    JacksonSink(int capacity) {
        out = new ByteArrayOutputStream(capacity);
        try {
            g = JSON.createGenerator(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        g.setPrettyPrinter(new DefaultPrettyPrinter());
    }

    /** The document, closed, with a final newline (as the agent has always written it). */
    byte[] withFinalNewline() {
        try {
            g.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    @Override
    public void startObject() {
        try {
            g.writeStartObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void endObject() {
        try {
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void startArray() {
        try {
            g.writeStartArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void endArray() {
        try {
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void name(String name) {
        try {
            g.writeFieldName(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void value(String s) {
        try {
            g.writeString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void value(BigDecimal d) {
        try {
            g.writeNumber(d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void value(BigInteger n) {
        try {
            g.writeNumber(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void value(long n) {
        try {
            g.writeNumber(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void value(boolean b) {
        try {
            g.writeBoolean(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void nullValue() {
        try {
            g.writeNull();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void rawValue(byte[] source, int offset, int length) {
        try {
            // The generator writes the separator and indentation before a value; the value is the block.
            g.writeRawValue("");
            g.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write(source, offset, length);
    }
}
