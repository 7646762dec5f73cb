package dev.costagent.agent.report.history;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What is wrong with a file the agent reads, in a few words of ours and where: Jackson's own messages name its
 * internals ({@code Source: REDACTED (StreamReadFeature...)}), which say nothing to a person looking at the file.
 */
final class JsonProblem {

    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");
    private static final Pattern CHARACTER = Pattern.compile("^Unexpected character \\('(.*?)' \\(code (\\d+)\\)\\)");
    private static final Pattern CLOSE = Pattern.compile("^Unexpected close marker '(.)': expected '(.)'");
    private static final Pattern CODE = Pattern.compile("code (\\d+)");

    private JsonProblem() {
    }

    /** {@code not valid JSON at line 3, column 17 (the text ends before the JSON value is complete)}. */
    static String describe(JsonProcessingException e) {
        return "not valid JSON" + at(e.getLocation()) + " (" + reason(e) + ")";
    }

    /** {@code " at line 3, column 17"}, or nothing when the parser did not say. */
    static String at(JsonLocation where) {
        if (where == null || where.getLineNr() < 1) {
            return "";
        }
        return " at line " + where.getLineNr() + (where.getColumnNr() < 1 ? "" : ", column " + where.getColumnNr());
    }

    private static String reason(JsonProcessingException e) {
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof JsonEOFException) {
            return "the text ends before the JSON value is complete";
        }
        if (e instanceof StreamConstraintsException) {
            return "a value longer or deeper than the reader accepts";
        }
        if (m.startsWith("Duplicate field")) {
            return "the name " + quoted(m) + " appears twice in one object";
        }
        Matcher c = CHARACTER.matcher(m);
        if (c.find()) {
            int code = Integer.parseInt(c.group(2));
            return code < 32 || code == 127 ? "an unexpected control character (code " + code + ")"
                    : "an unexpected character '" + c.group(1) + "'";
        }
        Matcher close = CLOSE.matcher(m);
        if (close.find()) {
            return "a '" + close.group(1) + "' where a '" + close.group(2) + "' should close the "
                    + (close.group(2).equals("]") ? "list" : "object");
        }
        if (m.startsWith("Unrecognized token")) {
            return "an unexpected word " + quoted(m);
        }
        if (m.startsWith("Illegal unquoted character")) {
            Matcher code = CODE.matcher(m);
            return "a control character" + (code.find() ? " (code " + code.group(1) + ")" : "")
                    + " inside a string, where it must be escaped";
        }
        if (m.startsWith("Invalid UTF-8") || m.contains("UTF-8") || m.contains("UTF8")) {
            return "bytes that are not UTF-8 text";
        }
        if (m.startsWith("Invalid numeric value") || m.contains("number")) {
            return "a malformed number";
        }
        if (m.contains("escape")) {
            return "a malformed escape in a string";
        }
        return "malformed JSON";
    }

    private static String quoted(String m) {
        Matcher q = QUOTED.matcher(m);
        return q.find() ? "'" + q.group(1) + "'" : "(unnamed)";
    }
}
