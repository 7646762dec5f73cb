package dev.costagent.agent.report;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
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
    private static final byte[] RUN_ID = RUN_FIELDS[0];
    private static final byte[] RUNS = "runs".getBytes(StandardCharsets.US_ASCII);

    /** Where a run's entry lies: {@code start} at its '{', {@code end} just after its '}'. */
    record RawRun(int ordinal, int start, int end, String runId) {
    }

    /** A top-level member: its value lies from {@code start} to just before {@code end}. */
    record Member(String name, int start, int end) {
    }

    /**
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
                int valueStart = i;
                if (runs == null && isName(nameStart, nameEnd, RUNS) && peek() == '[') {
                    runs = runs(unknown);
                } else {
                    value(2);
                }
                members.add(new Member(new String(b, nameStart, nameEnd - nameStart, StandardCharsets.UTF_8),
                        valueStart, i));
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
        while (true) {
            int nameStart = i + 1;
            int nameEnd = name(seen);
            ws();
            expect(':');
            ws();
            if (isName(nameStart, nameEnd, RUN_ID)) {
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
                if (unknown.size() < UNKNOWN_NAMES_KEPT && !known(nameStart, nameEnd)) {
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
        while (true) {
            if (i >= end) {
                throw DECLINED;
            }
            int c = b[i] & 0xFF;
            if (c == '"') {
                if (i - start > MAX_STRING_BYTES) {
                    throw DECLINED;
                }
                return i++;
            }
            if (c == '\\') {
                escaped = true;
                escape();
            } else if (c < 0x20) {
                throw DECLINED;
            } else if (c < 0x80) {
                i++;
            } else {
                utf8(c);
            }
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
        while (i < end) {
            byte c = b[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            i++;
        }
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

    private boolean known(int start, int close) {
        for (byte[] name : RUN_FIELDS) {
            if (isName(start, close, name)) {
                return true;
            }
        }
        return false;
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
