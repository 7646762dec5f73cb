package dev.costagent.agent.report;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fast path of reading {@code cost_log.json}: one pass over its bytes that finds where each top-level value
 * and each run lies, without building anything for the runs but their ids.
 *
 * <p>It accepts only a strict subset of JSON that Jackson's parser, configured as {@link LogDocument} configures it
 * (duplicate names rejected, default read constraints), certainly accepts too: UTF-8 without a byte-order mark,
 * names without escapes, well-formed UTF-8 in strings, plain numbers with at most a two-digit exponent, shallow
 * nesting, and run entries that are objects whose {@code run_id} is a string without escapes. Everything the agent
 * writes is in it. For anything else (including every broken log) it declines, and the caller reads the log with
 * Jackson, which decides exactly as before whether the log is corrupt.
 *
 * <p>The top-level members other than the runs (the cumulative totals, fields of a newer version) are small; they
 * are read into values here too, so that a log in the usual form is read without loading Jackson's parser at all.
 *
 * <p>Why not Jackson here: at shutdown the JVM is cold, and Jackson's tokenizer runs interpreted through many small
 * methods for much of a 3.6 MB log; this loop is compiled after a few thousand bytes.
 */
final class LogScanner {

    private static final int MAX_DEPTH = 200;          // Jackson allows 1000
    private static final int MAX_NAME_BYTES = 1000;     // Jackson allows 50,000
    private static final int MAX_STRING_BYTES = 1 << 20; // Jackson allows 20,000,000 characters
    private static final int MAX_NUMBER_LENGTH = 100;   // Jackson allows 1000
    private static final int MAX_EXPONENT_DIGITS = 2;   // a plain rendering of a huge exponent could not be written
    private static final int UNKNOWN_NAMES_KEPT = 10;
    private static final byte[][] RUN_FIELDS = names("run_id", "workflow", "started_at", "ended_at", "status",
            "budget_usd", "total_cost_usd", "costs");
    private static final byte[] RUNS = "runs".getBytes(StandardCharsets.US_ASCII);

    /** Where a run's entry lies: {@code start} at its '{', {@code end} just after its '}'. */
    record RawRun(int ordinal, int start, int end, String runId) {
    }

    /** A top-level member other than the runs, with its value as {@link LogDocument} holds values. */
    record Member(String name, Object value) {
    }

    /**
     * @param members      the top-level members in order; the {@code runs} array's value is null there
     * @param runs         the entries of the top-level {@code runs} array, or null if it is missing or not an array
     * @param unknownInRuns names in run entries that this version does not know, first seen first, at most ten
     */
    record Scan(List<Member> members, List<RawRun> runs, List<String> unknownInRuns) {
    }

    /** Thrown to give up; carries nothing, costs nothing. */
    private static final class Declined extends Exception {
        private static final long serialVersionUID = 1L;

        Declined() {
            super(null, null, false, false);
        }
    }

    private static final Declined DECLINED = new Declined();

    private final byte[] b;
    private final int end;
    private int i;
    /** The names met so far in the object open at each depth, for duplicate detection. */
    private final Names[] names = new Names[MAX_DEPTH + 2];

    private LogScanner(byte[] b) {
        this.b = b;
        this.end = b.length;
    }

    /** The log's layout, or null when it is not in the subset this scanner is sure about. */
    static Scan scan(byte[] bytes) {
        try {
            return new LogScanner(bytes).document();
        } catch (Declined | RuntimeException e) {
            return null;
        }
    }

    private Scan document() throws Declined {
        ws();
        expect('{');
        Names seen = names(1);
        List<Member> members = new ArrayList<>();
        List<RawRun> runs = null;
        List<String> unknown = new ArrayList<>();
        ws();
        if (peek() == '}') {
            i++;
        } else {
            while (true) {
                int nameStart = i + 1;
                int nameEnd = name(seen);
                ws();
                expect(':');
                ws();
                String name = new String(b, nameStart, nameEnd - nameStart, StandardCharsets.UTF_8);
                if (runs == null && isName(nameStart, nameEnd, RUNS) && peek() == '[') {
                    runs = runs(unknown);
                    members.add(new Member(name, null));
                } else {
                    // The few small members besides the runs: checked first, then read into values.
                    int valueStart = i;
                    value(2);
                    int valueEnd = i;
                    i = valueStart;
                    Object v = decode();
                    if (i != valueEnd) {
                        throw DECLINED;
                    }
                    members.add(new Member(name, v));
                }
                ws();
                byte c = next();
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    throw DECLINED;
                }
                ws();
            }
        }
        ws();
        if (i != end) {
            throw DECLINED;
        }
        return new Scan(members, runs, unknown);
    }

    private List<RawRun> runs(List<String> unknown) throws Declined {
        i++;
        List<RawRun> runs = new ArrayList<>();
        ws();
        if (peek() == ']') {
            i++;
            return runs;
        }
        while (true) {
            runs.add(run(runs.size(), unknown));
            ws();
            byte c = next();
            if (c == ']') {
                return runs;
            }
            if (c != ',') {
                throw DECLINED;
            }
            ws();
        }
    }

    private RawRun run(int ordinal, List<String> unknown) throws Declined {
        int start = i;
        expect('{');
        Names seen = names(3);
        String runId = null;
        ws();
        if (peek() == '}') {
            i++;
            return new RawRun(ordinal, start, i, null);
        }
        int knownSeen = 0;
        while (true) {
            int nameStart = i + 1;
            int nameEnd = string();
            if (escaped || nameEnd - nameStart > MAX_NAME_BYTES) {
                throw DECLINED;
            }
            // The names every entry has are told apart without a list: nearly all of the file's names are these.
            int known = knownRunField(nameStart, nameEnd);
            if (known < 0) {
                seen.add(nameStart, nameEnd);
            } else if ((knownSeen & (1 << known)) != 0) {
                throw DECLINED;
            } else {
                knownSeen |= 1 << known;
            }
            ws();
            expect(':');
            ws();
            if (known == 0) {
                if (peek() != '"') {
                    throw DECLINED;   // an id that is not a string: Jackson's path compares it as databind did
                }
                int textStart = i + 1;
                int textEnd = string();
                if (escaped) {
                    throw DECLINED;
                }
                runId = new String(b, textStart, textEnd - textStart, StandardCharsets.UTF_8);
            } else {
                if (known < 0 && unknown.size() < UNKNOWN_NAMES_KEPT) {
                    String name = new String(b, nameStart, nameEnd - nameStart, StandardCharsets.UTF_8);
                    if (!unknown.contains(name)) {
                        unknown.add(name);
                    }
                }
                value(4);
            }
            ws();
            byte c = next();
            if (c == '}') {
                return new RawRun(ordinal, start, i, runId);
            }
            if (c != ',') {
                throw DECLINED;
            }
            ws();
        }
    }

    /**
     * The value at {@link #i}, which {@link #value} has already checked, as Jackson's parser and databind's tree
     * would have held it (see {@link LogDocument}).
     */
    private Object decode() {
        ws();
        switch (b[i]) {
            case '{': {
                i++;
                Map<String, Object> m = new LinkedHashMap<>();
                ws();
                if (b[i] == '}') {
                    i++;
                    return m;
                }
                while (true) {
                    ws();
                    String name = decodeString();
                    ws();
                    i++;   // ':'
                    m.put(name, decode());
                    ws();
                    if (b[i++] == '}') {
                        return m;
                    }
                }
            }
            case '[': {
                i++;
                List<Object> l = new ArrayList<>();
                ws();
                if (b[i] == ']') {
                    i++;
                    return l;
                }
                while (true) {
                    l.add(decode());
                    ws();
                    if (b[i++] == ']') {
                        return l;
                    }
                }
            }
            case '"':
                return decodeString();
            case 't':
                i += 4;
                return Boolean.TRUE;
            case 'f':
                i += 5;
                return Boolean.FALSE;
            case 'n':
                i += 4;
                return null;
            default:
                return decodeNumber();
        }
    }

    private String decodeString() {
        i++;
        int from = i;
        StringBuilder text = null;
        while (true) {
            byte c = b[i];
            if (c == '"') {
                String tail = new String(b, from, i - from, StandardCharsets.UTF_8);
                i++;
                return text == null ? tail : text.append(tail).toString();
            }
            if (c != '\\') {
                i++;
                continue;
            }
            if (text == null) {
                text = new StringBuilder();
            }
            text.append(new String(b, from, i - from, StandardCharsets.UTF_8));
            byte e = b[i + 1];
            i += 2;
            switch (e) {
                case 'b' -> text.append('\b');
                case 'f' -> text.append('\f');
                case 'n' -> text.append('\n');
                case 'r' -> text.append('\r');
                case 't' -> text.append('\t');
                case 'u' -> {
                    text.append((char) Integer.parseInt(new String(b, i, 4, StandardCharsets.US_ASCII), 16));
                    i += 4;
                }
                default -> text.append((char) e);   // '"', '\\' and '/' stand for themselves
            }
            from = i;
        }
    }

    /** Whole numbers as the smallest of Integer, Long and BigInteger; others as BigDecimal without trailing zeros. */
    private Object decodeNumber() {
        int start = i;
        boolean whole = true;
        while (i < end) {
            byte c = b[i];
            if (c == '.' || c == 'e' || c == 'E') {
                whole = false;
            } else if (c != '-' && c != '+' && (c < '0' || c > '9')) {
                break;
            }
            i++;
        }
        String text = new String(b, start, i - start, StandardCharsets.US_ASCII);
        if (!whole) {
            return LogDocument.stripped(new BigDecimal(text));
        }
        try {
            long n = Long.parseLong(text);
            return n == (int) n ? (Object) (int) n : (Object) n;
        } catch (NumberFormatException e) {
            return new BigInteger(text);
        }
    }

    private void value(int depth) throws Declined {
        switch (peek()) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> number();
        }
    }

    private void object(int depth) throws Declined {
        if (depth > MAX_DEPTH) {
            throw DECLINED;
        }
        i++;
        Names seen = names(depth);
        ws();
        if (peek() == '}') {
            i++;
            return;
        }
        while (true) {
            name(seen);
            ws();
            expect(':');
            ws();
            value(depth + 1);
            ws();
            byte c = next();
            if (c == '}') {
                return;
            }
            if (c != ',') {
                throw DECLINED;
            }
            ws();
        }
    }

    private void array(int depth) throws Declined {
        if (depth > MAX_DEPTH) {
            throw DECLINED;
        }
        i++;
        ws();
        if (peek() == ']') {
            i++;
            return;
        }
        while (true) {
            value(depth + 1);
            ws();
            byte c = next();
            if (c == ']') {
                return;
            }
            if (c != ',') {
                throw DECLINED;
            }
            ws();
        }
    }

    /** Whether the last string read held an escape. */
    private boolean escaped;

    /** Reads a string from its opening quote; returns the index of its closing quote, {@link #i} just after it. */
    private int string() throws Declined {
        expect('"');
        int start = i;
        escaped = false;
        // Locals, not fields, in the loop that sees every byte: the first compiler to reach it does not hoist them.
        byte[] b = this.b;
        int end = this.end;
        int p = i;
        while (true) {
            if (p >= end) {
                throw DECLINED;
            }
            int c = b[p] & 0xFF;
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                p++;
                continue;
            }
            i = p;
            if (c == '"') {
                if (p - start > MAX_STRING_BYTES) {
                    throw DECLINED;
                }
                i = p + 1;
                return p;
            }
            if (c == '\\') {
                escaped = true;
                escape();
            } else if (c < 0x20) {
                throw DECLINED;
            } else {
                utf8(c);
            }
            p = i;
        }
    }

    /** A member name without escapes, not seen before in its object; returns the index of its closing quote. */
    private int name(Names seen) throws Declined {
        int start = i + 1;
        int close = string();
        if (escaped || close - start > MAX_NAME_BYTES) {
            throw DECLINED;
        }
        seen.add(start, close);
        return close;
    }

    private void escape() throws Declined {
        i++;
        byte e = next();
        switch (e) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
            }
            case 'u' -> {
                for (int k = 0; k < 4; k++) {
                    byte h = next();
                    if (!(h >= '0' && h <= '9' || h >= 'a' && h <= 'f' || h >= 'A' && h <= 'F')) {
                        throw DECLINED;
                    }
                }
            }
            default -> throw DECLINED;
        }
    }

    /** One well-formed UTF-8 sequence (RFC 3629: no overlong forms, no surrogates) starting with {@code lead}. */
    private void utf8(int lead) throws Declined {
        int more;
        int lo = 0x80;
        int hi = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            more = 1;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            more = 2;
            if (lead == 0xE0) {
                lo = 0xA0;
            } else if (lead == 0xED) {
                hi = 0x9F;
            }
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            more = 3;
            if (lead == 0xF0) {
                lo = 0x90;
            } else if (lead == 0xF4) {
                hi = 0x8F;
            }
        } else {
            throw DECLINED;
        }
        i++;
        for (int k = 0; k < more; k++) {
            int c = next() & 0xFF;
            if (c < lo || c > hi) {
                throw DECLINED;
            }
            lo = 0x80;
            hi = 0xBF;
        }
    }

    private void number() throws Declined {
        int start = i;
        if (peek() == '-') {
            i++;
        }
        byte c = peek();
        if (c == '0') {
            i++;
        } else if (c >= '1' && c <= '9') {
            digits();
        } else {
            throw DECLINED;
        }
        if (i < end && b[i] == '.') {
            i++;
            if (digits() == 0) {
                throw DECLINED;
            }
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int n = digits();
            if (n == 0 || n > MAX_EXPONENT_DIGITS) {
                throw DECLINED;
            }
        }
        if (i - start > MAX_NUMBER_LENGTH) {
            throw DECLINED;
        }
    }

    private int digits() {
        int start = i;
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        return i - start;
    }

    private void literal(String word) throws Declined {
        for (int k = 0; k < word.length(); k++) {
            if (next() != word.charAt(k)) {
                throw DECLINED;
            }
        }
    }

    private void ws() {
        byte[] b = this.b;
        int p = i;
        while (p < end) {
            byte c = b[p];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                break;
            }
            p++;
        }
        i = p;
    }

    private byte peek() throws Declined {
        if (i >= end) {
            throw DECLINED;
        }
        return b[i];
    }

    private byte next() throws Declined {
        if (i >= end) {
            throw DECLINED;
        }
        return b[i++];
    }

    private void expect(char c) throws Declined {
        if (next() != c) {
            throw DECLINED;
        }
    }

    private boolean isName(int start, int close, byte[] name) {
        return Arrays.equals(b, start, close, name, 0, name.length);
    }

    /** The index of the name in {@link #RUN_FIELDS}, or -1. */
    private int knownRunField(int start, int close) {
        int length = close - start;
        for (int k = 0; k < RUN_FIELDS.length; k++) {
            byte[] name = RUN_FIELDS[k];
            if (name.length == length && b[start] == name[0] && sameBytes(start, name)) {
                return k;
            }
        }
        return -1;
    }

    private boolean sameBytes(int start, byte[] name) {
        byte[] b = this.b;
        for (int k = 1; k < name.length; k++) {
            if (b[start + k] != name[k]) {
                return false;
            }
        }
        return true;
    }

    private Names names(int depth) {
        Names n = names[depth];
        if (n == null) {
            n = names[depth] = new Names();
        }
        n.clear();
        return n;
    }

    private static byte[][] names(String... names) {
        byte[][] out = new byte[names.length][];
        for (int k = 0; k < names.length; k++) {
            out[k] = names[k].getBytes(StandardCharsets.US_ASCII);
        }
        return out;
    }

    /** The names of one open object; compared as bytes, which is exact for names without escapes. */
    private final class Names {
        private static final int LINEAR = 16;
        private final int[] starts = new int[LINEAR];
        private final int[] ends = new int[LINEAR];
        private int count;
        private Set<String> many;

        void clear() {
            count = 0;
            many = null;
        }

        void add(int start, int close) throws Declined {
            if (many != null) {
                if (!many.add(new String(b, start, close - start, StandardCharsets.UTF_8))) {
                    throw DECLINED;
                }
                return;
            }
            for (int k = 0; k < count; k++) {
                if (Arrays.equals(b, starts[k], ends[k], b, start, close)) {
                    throw DECLINED;
                }
            }
            if (count < LINEAR) {
                starts[count] = start;
                ends[count] = close;
                count++;
                return;
            }
            many = new HashSet<>();
            for (int k = 0; k < count; k++) {
                many.add(new String(b, starts[k], ends[k] - starts[k], StandardCharsets.UTF_8));
            }
            many.add(new String(b, start, close - start, StandardCharsets.UTF_8));
        }
    }
}
