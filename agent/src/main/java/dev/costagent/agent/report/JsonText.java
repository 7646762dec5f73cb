package dev.costagent.agent.report;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * Writes one JSON document byte for byte as jackson-core's {@code UTF8JsonGenerator} with a
 * {@code DefaultPrettyPrinter} and {@code WRITE_BIGDECIMAL_AS_PLAIN} writes it, so that the two files keep the form
 * they always had without loading ~60 Jackson classes at the host's exit. What it matches:
 * <ul>
 *   <li>objects over lines, each member on its own line indented two spaces a level, {@code " : "} after the name;
 *       the end of line is the {@code line.separator} property as read when this class is initialised, as
 *       {@code DefaultIndenter} reads it once (no {@code System.lineSeparator()}), and empty objects {@code { }};</li>
 *   <li>arrays on one line, {@code [ a, b ]}, empty ones {@code [ ]}, without a level of indentation of their own;</li>
 *   <li>strings escaped as Jackson escapes them: {@code \"}, {@code \\}, {@code \b \t \n \f \r}, other characters
 *       below U+0020 as a backslash, {@code u} and four upper-case hex digits, every UTF-16 surrogate (paired or
 *       not) escaped so on its own, all else (DEL, {@code /}, U+2028, U+2029) as itself in UTF-8;</li>
 *   <li>a big decimal as {@code toPlainString()}, whole numbers as {@code toString()}.</li>
 * </ul>
 * Where it is not sure it gives up with {@link Declined} (a scale near the one Jackson refuses, deep nesting, an
 * unusual line separator, a null name), and the caller renders the whole document with Jackson instead.
 *
 * <p>Thread-safety: one instance per document, on one thread.
 */
final class JsonText implements JsonSink {

    /** This writer does not vouch for its output for the value it was given: render with Jackson instead. */
    static final class Declined extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Declined(String why) {
            super(why, null, false, false);
        }
    }

    /** What {@code DefaultIndenter.SYS_LF} holds: the property, read once, when the class is initialised. */
    private static final byte[] EOL = endOfLine(System.getProperty("line.separator"));

    /** Jackson refuses a plain big decimal beyond a scale of 9999; well inside that, nothing is in question. */
    private static final int MAX_SCALE = 1000;
    /** Jackson's StreamWriteConstraints refuse nesting beyond 1000 by default; well inside that, all is plain. */
    private static final int MAX_DEPTH = 200;

    private static final byte[] HEX = {
        '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'
    };

    private byte[] buf;
    private int len;
    /** Per open container: whether it is an object; and how many members or elements it has had so far. */
    private boolean[] isObject = new boolean[16];
    private int[] count = new int[16];
    private int depth;
    /** Open objects, the level of indentation (arrays are inline and do not count). */
    private int nesting;

    JsonText(int capacity) {
        if (EOL == null) {
            throw new Declined("line.separator is not plain ASCII");
        }
        buf = new byte[Math.max(capacity, 64)];
    }

    private static byte[] endOfLine(String eol) {
        if (eol == null) {
            return null;
        }
        byte[] b = new byte[eol.length()];
        for (int i = 0; i < b.length; i++) {
            char c = eol.charAt(i);
            if (c >= 0x80) {
                return null;
            }
            b[i] = (byte) c;
        }
        return b;
    }

    /** The document, followed by the newline that both files end with. */
    byte[] withFinalNewline() {
        if (depth != 0 || len == 0) {
            throw new IllegalStateException("not one complete value");
        }
        put('\n');
        return Arrays.copyOf(buf, len);
    }

    @Override
    public void startObject() {
        beforeValue();
        push(true);
        put('{');
        nesting++;
    }

    @Override
    public void endObject() {
        nesting--;
        if (count[depth - 1] > 0) {
            indent();
        } else {
            put(' ');
        }
        put('}');
        depth--;
    }

    @Override
    public void startArray() {
        beforeValue();
        push(false);
        put('[');
    }

    @Override
    public void endArray() {
        put(' ');
        put(']');
        depth--;
    }

    /** A member's name; its value is written next. */
    @Override
    public void name(String name) {
        if (name == null || depth == 0 || !isObject[depth - 1]) {
            throw new Declined("a name outside an object, or a null name");
        }
        if (count[depth - 1]++ > 0) {
            put(',');
        }
        indent();
        string(name);
        put(' ');
        put(':');
        put(' ');
    }

    /** A string value, or null as Jackson's {@code writeString(null)} writes it. */
    @Override
    public void value(String s) {
        beforeValue();
        if (s == null) {
            ascii("null");
        } else {
            string(s);
        }
    }

    @Override
    public void value(BigDecimal d) {
        beforeValue();
        if (d == null) {
            ascii("null");
            return;
        }
        int scale = d.scale();
        if (scale > MAX_SCALE || scale < -MAX_SCALE) {
            throw new Declined("a big decimal of scale " + scale);
        }
        ascii(d.toPlainString());
    }

    @Override
    public void value(BigInteger n) {
        beforeValue();
        ascii(n == null ? "null" : n.toString());
    }

    @Override
    public void value(long n) {
        beforeValue();
        ascii(Long.toString(n));
    }

    @Override
    public void value(boolean b) {
        beforeValue();
        ascii(b ? "true" : "false");
    }

    @Override
    public void nullValue() {
        beforeValue();
        ascii("null");
    }

    /**
     * Bytes that are one or more complete values already in this form (with {@code ", "} between them), copied
     * as they are; the separator before them is written as before any value.
     */
    @Override
    public void rawValue(byte[] source, int offset, int length) {
        beforeValue();
        ensure(length);
        System.arraycopy(source, offset, buf, len, length);
        len += length;
    }

    /** Inside an array, what DefaultPrettyPrinter writes before an element; after a name, nothing. */
    private void beforeValue() {
        if (depth == 0) {
            if (len > 0) {
                throw new Declined("a second root value");
            }
            return;
        }
        if (!isObject[depth - 1]) {
            if (count[depth - 1]++ > 0) {
                put(',');
            }
            put(' ');
        }
    }

    private void push(boolean object) {
        if (depth >= MAX_DEPTH) {
            throw new Declined("nesting deeper than " + MAX_DEPTH);
        }
        if (depth == isObject.length) {
            isObject = Arrays.copyOf(isObject, depth * 2);
            count = Arrays.copyOf(count, depth * 2);
        }
        isObject[depth] = object;
        count[depth] = 0;
        depth++;
    }

    private void indent() {
        int spaces = 2 * nesting;
        ensure(EOL.length + spaces);
        System.arraycopy(EOL, 0, buf, len, EOL.length);
        len += EOL.length;
        Arrays.fill(buf, len, len + spaces, (byte) ' ');
        len += spaces;
    }

    private void string(String s) {
        int n = s.length();
        ensure(n + 2);
        buf[len++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    if (len == buf.length) {
                        ensure(1);
                    }
                    buf[len++] = (byte) c;
                } else {
                    escapeAscii(c);
                }
            } else if (c < 0x800) {
                ensure(2);
                buf[len++] = (byte) (0xC0 | (c >> 6));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            } else if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
                // UTF8JsonGenerator escapes each half of a pair on its own (COMBINE_UNICODE_SURROGATES_IN_UTF8 off).
                unicodeEscape(c);
            } else {
                ensure(3);
                buf[len++] = (byte) (0xE0 | (c >> 12));
                buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        put('"');
    }

    private void escapeAscii(char c) {
        char shortForm;
        switch (c) {
            case '"': shortForm = '"'; break;
            case '\\': shortForm = '\\'; break;
            case '\b': shortForm = 'b'; break;
            case '\t': shortForm = 't'; break;
            case '\n': shortForm = 'n'; break;
            case '\f': shortForm = 'f'; break;
            case '\r': shortForm = 'r'; break;
            default: shortForm = 0;
        }
        if (shortForm != 0) {
            ensure(2);
            buf[len++] = '\\';
            buf[len++] = (byte) shortForm;
        } else {
            unicodeEscape(c);
        }
    }

    private void unicodeEscape(char c) {
        ensure(6);
        buf[len++] = '\\';
        buf[len++] = 'u';
        buf[len++] = HEX[(c >> 12) & 0xF];
        buf[len++] = HEX[(c >> 8) & 0xF];
        buf[len++] = HEX[(c >> 4) & 0xF];
        buf[len++] = HEX[c & 0xF];
    }

    /** Digits, signs and points of a number, or a literal: all ASCII. */
    private void ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    private void put(char c) {
        ensure(1);
        buf[len++] = (byte) c;
    }

    private void ensure(int more) {
        if (buf.length - len < more) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
