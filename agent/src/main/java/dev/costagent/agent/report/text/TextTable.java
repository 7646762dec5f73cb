package dev.costagent.agent.report.text;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table for a terminal: names left-aligned, counts right-aligned, money aligned on its decimal point
 * and printed exactly as given (no rounding, no added zeros), so that a column of dollars reads like the files.
 *
 * <p>Cells are shown with their control characters escaped ({@code \u001b} as the six characters {@code \u001b}): a
 * stage or model name comes from the program, and must not move the cursor or recolour the user's terminal.
 *
 * <p>Thread-safety: none; one table per rendering. No lambdas or streams: the agent's exit summary renders one
 * while the JVM shuts down, where each first use of a lambda would spin a class.
 */
public final class TextTable {

    /** How a column lines up its cells. */
    public enum Align {
        LEFT, RIGHT,
        /** On the decimal point: a plain decimal, with or without a fraction. */
        DECIMAL
    }

    private static final String GAP = "  ";

    private final List<String> headers = new ArrayList<>();
    private final List<Align> aligns = new ArrayList<>();
    private final List<String[]> rows = new ArrayList<>();

    /** Adds a column; its header is aligned like its cells. */
    public TextTable column(String header, Align align) {
        headers.add(printable(header));
        aligns.add(align);
        return this;
    }

    /** Adds a row of as many cells as there are columns. */
    public TextTable row(String... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException(cells.length + " cells for " + headers.size() + " columns");
        }
        String[] row = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            row[i] = printable(cells[i] == null ? "" : cells[i]);
        }
        rows.add(row);
        return this;
    }

    /** Adds a rule of dashes across the table (before a total, say). */
    public TextTable rule() {
        rows.add(null);
        return this;
    }

    /** The table's lines, header first, without trailing spaces or line terminators. */
    public List<String> lines() {
        int n = headers.size();
        String[][] cells = decimalAligned();
        int[] width = new int[n];
        for (int c = 0; c < n; c++) {
            width[c] = headers.get(c).length();
            for (String[] row : cells) {
                if (row != null) {
                    width[c] = Math.max(width[c], row[c].length());
                }
            }
        }
        List<String> out = new ArrayList<>(rows.size() + 1);
        out.add(line(headers.toArray(new String[0]), width));
        int total = 0;
        for (int w : width) {
            total += w;
        }
        total += GAP.length() * (n - 1);
        for (String[] row : cells) {
            out.add(row == null ? "-".repeat(total) : line(row, width));
        }
        return out;
    }

    private String line(String[] cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) {
                b.append(GAP);
            }
            String s = cells[c];
            int pad = width[c] - s.length();
            if (aligns.get(c) == Align.LEFT) {
                b.append(s).append(" ".repeat(pad));
            } else {
                b.append(" ".repeat(pad)).append(s);
            }
        }
        int end = b.length();
        while (end > 0 && b.charAt(end - 1) == ' ') {
            end--;
        }
        return b.substring(0, end);
    }

    /** The rows with each DECIMAL cell padded so that the points of a column line up. */
    private String[][] decimalAligned() {
        String[][] out = new String[rows.size()][];
        for (int r = 0; r < rows.size(); r++) {
            out[r] = rows.get(r) == null ? null : rows.get(r).clone();
        }
        for (int c = 0; c < headers.size(); c++) {
            if (aligns.get(c) != Align.DECIMAL) {
                continue;
            }
            int whole = 0;
            int fraction = 0;
            for (String[] row : out) {
                if (row != null) {
                    int point = point(row[c]);
                    whole = Math.max(whole, point);
                    fraction = Math.max(fraction, row[c].length() - point);
                }
            }
            for (String[] row : out) {
                if (row != null) {
                    String s = row[c];
                    int point = point(s);
                    row[c] = " ".repeat(whole - point) + s + " ".repeat(fraction - (s.length() - point));
                }
            }
        }
        return out;
    }

    /** Where the decimal point is, or would be: a cell without one ("5", or "-" for nothing) ends there. */
    private static int point(String s) {
        int p = s.indexOf('.');
        return p >= 0 ? p : s.length();
    }

    /** The text with C0/C1 control characters and line or paragraph separators escaped as {@code \}{@code uXXXX}. */
    public static String printable(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            boolean control = ch < 0x20 || (ch >= 0x7f && ch <= 0x9f) || ch == '\u2028' || ch == '\u2029';
            if (control) {
                if (b == null) {
                    b = new StringBuilder(s.length() + 8).append(s, 0, i);
                }
                String hex = Integer.toHexString(ch);
                b.append("\\u").append("0000", hex.length(), 4).append(hex);
            } else if (b != null) {
                b.append(ch);
            }
        }
        return b == null ? s : b.toString();
    }
}
