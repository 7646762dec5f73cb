package dev.costagent.agent.pricing;

import java.util.Arrays;

/**
 * Reads the part of YAML a price catalog is written in, without SnakeYAML, giving the same tree and the same start
 * marks SnakeYAML would. It takes only text it is sure of: block mappings and block sequences (indented or not),
 * plain and single-line quoted scalars, flow mappings and flow sequences (which may go on after a comma or an
 * opening bracket on the next line), comments, blank lines, CRLF line ends and a leading {@code ---}.
 *
 * <p>Anything else, and any text that is not valid YAML, makes {@link #parse} return {@code null}, so that
 * SnakeYAML reads it and words the syntax errors: anchors, aliases, tags, block scalars, scalars over several
 * lines, empty values, explicit keys, directives, a second document, a byte order mark, tabs outside scalars,
 * characters YAML does not allow, a trailing comma. Where SnakeYAML's reading of a construct is not plain (a tab
 * before a comment, a comment inside a flow collection, {@code 'a'#b}), this parser also declines it. The bound
 * checks (size, nesting, key length) stay well inside SnakeYAML's own limits, which therefore never apply here.
 */
final class SubsetYamlParser {

    private static final int MAX_CHARS = 1 << 20;
    private static final int MAX_DEPTH = 32;
    private static final int MAX_KEY_CHARS = 256;

    private final String text;
    /** Where each line starts, and where its content ends (before {@code \n} or {@code \r\n}). */
    private final int[] starts;
    private final int[] ends;
    /** The current line (an index into {@link #starts}) and offset in {@link #text}. */
    private int line = -1;
    private int pos;
    private int depth;

    private SubsetYamlParser(String text, int lineCount) {
        this.text = text;
        this.starts = new int[lineCount];
        this.ends = new int[lineCount];
        int l = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                ends[l] = i > 0 && text.charAt(i - 1) == '\r' ? i - 1 : i;
                starts[++l] = i + 1;
            }
        }
        ends[l] = text.length();
    }

    /** The document's root, or {@code null} when the text is not in the subset (SnakeYAML is to read it). */
    static CatalogNode parse(String text) {
        int lineCount = lineCount(text);
        if (lineCount < 0) {
            return null;
        }
        try {
            return new SubsetYamlParser(text, lineCount).document();
        } catch (Declined e) {
            return null;
        }
    }

    /** The number of lines, or -1 if a character is one this parser leaves to SnakeYAML. */
    private static int lineCount(String text) {
        if (text.length() > MAX_CHARS) {
            return -1;
        }
        int lines = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                lines++;
            } else if (c == '\r') {
                if (i + 1 == text.length() || text.charAt(i + 1) != '\n') {
                    return -1; // a line end of its own for SnakeYAML
                }
            } else if (c < ' ' ? c != '\t' : c >= 0x7f && !ordinary(c)) {
                // Control characters are errors; U+0085, U+2028 and U+2029 end lines; a BOM is skipped unseen.
                return -1;
            }
        }
        return lines;
    }

    private static boolean ordinary(char c) {
        return c >= 0xa0 && c != 0x2028 && c != 0x2029 && c != 0xfeff && !Character.isSurrogate(c) && c < 0xfffe;
    }

    private CatalogNode document() {
        if (!nextLine(true)) {
            throw Declined.INSTANCE; // nothing but comments: SnakeYAML finds no document
        }
        if (pos == starts[line] && text.startsWith("---", pos) && (pos + 3 == ends[line] || text.charAt(pos + 3) == ' ')) {
            pos += 3;
            endOfLine();
            if (!nextLine(false)) {
                throw Declined.INSTANCE;
            }
        }
        if (documentMarker()) {
            throw Declined.INSTANCE;
        }
        CatalogNode root = blockNode(column());
        if (line < starts.length) {
            throw Declined.INSTANCE; // a line left of the root
        }
        return root;
    }

    /** A mapping or a sequence that begins at the current position, the first on its line, at {@code col}. */
    private CatalogNode blockNode(int col) {
        return blockEntry() ? blockSequence(col, false) : blockMapping(col, null);
    }

    /**
     * A block mapping whose keys stand at {@code col}; {@code firstKey} is its first key when a sequence item
     * ({@code - id: a}) has already read it.
     */
    private CatalogNode blockMapping(int col, Node firstKey) {
        enter();
        Node map = firstKey == null ? new Node(Node.MAPPING, null, line + 1, col) : new Node(Node.MAPPING, null, firstKey.line, col);
        Node key = firstKey;
        while (true) {
            if (key == null) {
                int start = pos;
                key = scalar(false);
                if (pos - start > MAX_KEY_CHARS) {
                    throw Declined.INSTANCE;
                }
            }
            skipSpaces();
            if (!at(':') || !blankOrEnd(pos + 1)) {
                throw Declined.INSTANCE;
            }
            pos++;
            map.add(key);
            map.add(blockValue(col));
            key = null;
            if (line >= starts.length) {
                break;
            }
            int c = column();
            if (c < col) {
                break;
            }
            if (c > col || blockEntry()) {
                throw Declined.INSTANCE;
            }
        }
        leave();
        return map;
    }

    /** The value after a block mapping's {@code key:}; afterwards the position is on the next line of content. */
    private CatalogNode blockValue(int mappingCol) {
        skipSpaces();
        if (pos == ends[line] || at('#')) {
            if (!nextLine(false)) {
                throw Declined.INSTANCE; // an empty value
            }
            int c = column();
            if (c > mappingCol) {
                return blockNode(c);
            }
            if (c == mappingCol && blockEntry()) {
                return blockSequence(c, true);
            }
            throw Declined.INSTANCE; // an empty value
        }
        CatalogNode value = inlineValue(mappingCol);
        endOfLine();
        nextLine(false);
        return value;
    }

    /**
     * A block sequence whose {@code -} stand at {@code col}; an indentless one (the value of a key at the same
     * column) ends at the first line there that is not an item.
     */
    private CatalogNode blockSequence(int col, boolean indentless) {
        enter();
        Node seq = new Node(Node.SEQUENCE, null, line + 1, col);
        while (true) {
            pos++;
            skipSpaces();
            if (pos == ends[line] || at('#') || blockEntry()) {
                throw Declined.INSTANCE; // an item on the next lines, an empty one, or a sequence in a sequence
            }
            int itemCol = column();
            if (at('{') || at('[')) {
                seq.add(inlineValue(col));
                endOfLine();
                nextLine(false);
            } else {
                Node first = scalar(false);
                int after = pos;
                skipSpaces();
                if (at(':') && blankOrEnd(pos + 1)) {
                    seq.add(blockMapping(itemCol, first));
                } else {
                    pos = after;
                    seq.add(first);
                    endOfLine();
                    nextLine(false);
                }
            }
            if (line >= starts.length) {
                break;
            }
            int c = column();
            if (c == col && blockEntry()) {
                continue;
            }
            if (c < col || indentless && c == col) {
                break;
            }
            throw Declined.INSTANCE;
        }
        leave();
        return seq;
    }

    /** A flow collection or a scalar on the current line, inside a block collection at {@code blockCol}. */
    private CatalogNode inlineValue(int blockCol) {
        if (at('{')) {
            return flowMapping(blockCol);
        }
        if (at('[')) {
            return flowSequence(blockCol);
        }
        return scalar(false);
    }

    private CatalogNode flowMapping(int blockCol) {
        enter();
        Node map = new Node(Node.MAPPING, null, line + 1, column());
        pos++;
        flowSpace(blockCol);
        if (at('}')) {
            pos++;
            leave();
            return map;
        }
        while (true) {
            int start = pos;
            map.add(scalar(true));
            if (pos - start > MAX_KEY_CHARS || !at(':') || pos + 1 == ends[line] || text.charAt(pos + 1) != ' ') {
                throw Declined.INSTANCE;
            }
            pos++;
            skipSpaces();
            map.add(flowItem(blockCol));
            skipSpaces();
            if (at('}')) {
                pos++;
                break;
            }
            if (!at(',')) {
                throw Declined.INSTANCE;
            }
            pos++;
            flowSpace(blockCol);
            if (at('}')) {
                throw Declined.INSTANCE; // a trailing comma
            }
        }
        leave();
        return map;
    }

    private CatalogNode flowSequence(int blockCol) {
        enter();
        Node seq = new Node(Node.SEQUENCE, null, line + 1, column());
        pos++;
        flowSpace(blockCol);
        if (at(']')) {
            pos++;
            leave();
            return seq;
        }
        while (true) {
            seq.add(flowItem(blockCol));
            skipSpaces();
            if (at(']')) {
                pos++;
                break;
            }
            if (!at(',')) {
                throw Declined.INSTANCE; // a pair in a sequence ([a: 1]) among others
            }
            pos++;
            flowSpace(blockCol);
            if (at(']')) {
                throw Declined.INSTANCE;
            }
        }
        leave();
        return seq;
    }

    private CatalogNode flowItem(int blockCol) {
        if (at('{')) {
            return flowMapping(blockCol);
        }
        if (at('[')) {
            return flowSequence(blockCol);
        }
        return scalar(true);
    }

    /**
     * Spaces inside a flow collection, and at the end of a line the break and the next line's indentation, which
     * must be deeper than the enclosing block collection's; a blank line or a comment there is left to SnakeYAML.
     */
    private void flowSpace(int blockCol) {
        skipSpaces();
        if (pos < ends[line]) {
            return;
        }
        if (++line == starts.length) {
            throw Declined.INSTANCE;
        }
        pos = starts[line];
        skipSpaces();
        if (pos == ends[line] || at('\t') || at('#') || column() <= blockCol) {
            throw Declined.INSTANCE;
        }
    }

    /** A quoted or plain scalar on the current line; {@code flow} inside a flow collection. */
    private Node scalar(boolean flow) {
        if (pos >= ends[line]) {
            throw Declined.INSTANCE;
        }
        int l = line + 1;
        int col = column();
        char c = text.charAt(pos);
        if (c == '\'') {
            return new Node(Node.SCALAR, singleQuoted(), l, col);
        }
        if (c == '"') {
            return new Node(Node.SCALAR, doubleQuoted(), l, col);
        }
        if (!plainStart(c)) {
            throw Declined.INSTANCE; // an indicator: anchor, alias, tag, block scalar, explicit key...
        }
        int start = pos;
        return new Node(Node.SCALAR, text.substring(start, plainEnd(flow)), l, col);
    }

    private boolean plainStart(char c) {
        if (c < 0x80) {
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "_./+$~(".indexOf(c) >= 0) {
                return true;
            }
            if (c == '-' && pos + 1 < ends[line]) { // a number below zero, not an item
                char next = text.charAt(pos + 1);
                return next >= '0' && next <= '9' || next == '.' || next >= 'a' && next <= 'z' || next >= 'A' && next <= 'Z';
            }
            return false;
        }
        return Character.isLetterOrDigit(c);
    }

    /**
     * Moves over a plain scalar as SnakeYAML's scanner reads it and returns where it ends: runs of non-blank
     * characters joined by blanks, ended by the line's end, a blank before {@code #}, a {@code :} before a blank (and,
     * in a flow collection, before a flow indicator), or in a flow collection one of {@code ,?[]{}}.
     */
    private int plainEnd(boolean flow) {
        int end = ends[line];
        while (true) {
            while (pos < end && !plainStops(flow, pos)) {
                pos++;
            }
            int chunkEnd = pos;
            boolean tab = false;
            while (pos < end && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
                tab |= text.charAt(pos) == '\t';
                pos++;
            }
            if (pos == chunkEnd) {
                return chunkEnd;
            }
            if (pos == end || text.charAt(pos) == '#' || plainStops(flow, pos)) {
                if (tab) {
                    throw Declined.INSTANCE; // a tab before a comment or an indicator: left to SnakeYAML
                }
                pos = chunkEnd;
                return chunkEnd;
            }
            // Blanks between two runs belong to the scalar, tabs included.
        }
    }

    /** Whether the character at {@code i} (not past the line's end) ends a plain scalar's run. */
    private boolean plainStops(boolean flow, int i) {
        char c = text.charAt(i);
        if (c == ' ' || c == '\t') {
            return true;
        }
        if (c == ':') {
            if (i + 1 == ends[line]) {
                return true;
            }
            char next = text.charAt(i + 1);
            return next == ' ' || next == '\t' || flow && ",[]{}".indexOf(next) >= 0;
        }
        return flow && ",?[]{}".indexOf(c) >= 0;
    }

    private String singleQuoted() {
        int end = ends[line];
        StringBuilder b = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= end) {
                throw Declined.INSTANCE; // goes on to the next line (or never ends)
            }
            char c = text.charAt(pos++);
            if (c != '\'') {
                b.append(c);
            } else if (pos < end && text.charAt(pos) == '\'') {
                b.append('\'');
                pos++;
            } else {
                return b.toString();
            }
        }
    }

    private String doubleQuoted() {
        int end = ends[line];
        StringBuilder b = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= end) {
                throw Declined.INSTANCE;
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return b.toString();
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (pos >= end) {
                throw Declined.INSTANCE; // an escaped line break
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '0' -> b.append('\0');
                case 'a' -> b.append('\u0007');
                case 'b' -> b.append('\b');
                case 't' -> b.append('\t');
                case 'n' -> b.append('\n');
                case 'v' -> b.append('\u000b');
                case 'f' -> b.append('\f');
                case 'r' -> b.append('\r');
                case 'e' -> b.append('\u001b');
                case ' ', '"', '\\' -> b.append(e);
                case 'x' -> b.append(hex(2));
                case 'u' -> b.append(hex(4));
                default -> throw Declined.INSTANCE; // \N \_ \L \P \U, and the unknown ones SnakeYAML refuses
            }
        }
    }

    private char hex(int digits) {
        if (pos + digits > ends[line]) {
            throw Declined.INSTANCE;
        }
        int v = 0;
        for (int i = 0; i < digits; i++) {
            char c = text.charAt(pos++);
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0) {
                throw Declined.INSTANCE;
            }
            v = v * 16 + d;
        }
        if (Character.isSurrogate((char) v)) {
            throw Declined.INSTANCE;
        }
        return (char) v;
    }

    /** Nothing more on the line but spaces and a comment. */
    private void endOfLine() {
        skipSpaces();
        if (pos < ends[line] && !(at('#') && text.charAt(pos - 1) == ' ')) {
            throw Declined.INSTANCE;
        }
    }

    /**
     * Moves to the first character of the next line that holds more than spaces and a comment; false at the end.
     * {@code first} allows a document marker ({@code ---}, {@code ...}, a directive) on that line.
     */
    private boolean nextLine(boolean first) {
        while (++line < starts.length) {
            pos = starts[line];
            skipSpaces();
            if (pos == ends[line] || at('#')) {
                continue;
            }
            if (at('\t') || !first && documentMarker()) {
                throw Declined.INSTANCE; // a tab in the indentation, or a second document
            }
            return true;
        }
        pos = text.length();
        return false;
    }

    private boolean documentMarker() {
        return pos == starts[line] && (at('%') || text.startsWith("---", pos) || text.startsWith("...", pos));
    }

    private boolean blockEntry() {
        return at('-') && blankOrEnd(pos + 1);
    }

    /** Whether {@code i} is the line's end or a space; a tab there is left to SnakeYAML. */
    private boolean blankOrEnd(int i) {
        if (i == ends[line]) {
            return true;
        }
        if (text.charAt(i) == '\t') {
            throw Declined.INSTANCE;
        }
        return text.charAt(i) == ' ';
    }

    private boolean at(char c) {
        return pos < ends[line] && text.charAt(pos) == c;
    }

    private void skipSpaces() {
        while (at(' ')) {
            pos++;
        }
    }

    private int column() {
        return pos - starts[line] + 1;
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw Declined.INSTANCE;
        }
    }

    private void leave() {
        depth--;
    }

    /** The text is not in the subset; thrown to unwind the parser, never out of it. */
    private static final class Declined extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Declined INSTANCE = new Declined();

        private Declined() {
            super("outside the YAML subset", null, false, false);
        }
    }

    /** A scalar, mapping or sequence read by this parser. */
    private static final class Node implements CatalogNode {
        static final byte SCALAR = 0;
        static final byte MAPPING = 1;
        static final byte SEQUENCE = 2;

        private final byte kind;
        private final String value;
        final int line;
        private final int column;
        /** A sequence's items, or a mapping's keys and values in turn. */
        private CatalogNode[] children;
        private int count;

        Node(byte kind, String value, int line, int column) {
            this.kind = kind;
            this.value = value;
            this.line = line;
            this.column = column;
            this.children = kind == SCALAR ? null : new CatalogNode[8];
        }

        void add(CatalogNode child) {
            if (count == children.length) {
                children = Arrays.copyOf(children, count * 2);
            }
            children[count++] = child;
        }

        @Override
        public int line() {
            return line;
        }

        @Override
        public int column() {
            return column;
        }

        @Override
        public String scalar() {
            return value;
        }

        @Override
        public boolean isMapping() {
            return kind == MAPPING;
        }

        @Override
        public boolean isSequence() {
            return kind == SEQUENCE;
        }

        @Override
        public int size() {
            return kind == MAPPING ? count / 2 : count;
        }

        @Override
        public CatalogNode key(int i) {
            if (kind != MAPPING || i >= count / 2) {
                throw new IndexOutOfBoundsException(i);
            }
            return children[2 * i];
        }

        @Override
        public CatalogNode value(int i) {
            if (kind == SCALAR || i >= size()) {
                throw new IndexOutOfBoundsException(i);
            }
            return children[kind == MAPPING ? 2 * i + 1 : i];
        }
    }
}
