package dev.costagent.agent.cli;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/** Escaping for the HTML page: text into elements and attributes, and JSON into a {@code <script>} data block. */
final class HtmlText {

    private HtmlText() {
    }

    /** Text as HTML character data or a quoted attribute value: {@code & < > " '} as entities. */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * JSON string escapes for a {@code <script type="application/json">} block: {@code < > &} as {@code \u003c}
     * and so on, so that no {@code </script>} or {@code <!--} can end or change the block, and U+2028/U+2029 (line
     * terminators to older JavaScript) as escapes too. Inside JSON these characters only occur in strings, where
     * the escape means the same character.
     */
    static final class ScriptSafeJson extends CharacterEscapes {

        private static final long serialVersionUID = 1L;

        private final int[] ascii;

        ScriptSafeJson() {
            ascii = standardAsciiEscapesForJSON();
            ascii['<'] = ESCAPE_STANDARD;
            ascii['>'] = ESCAPE_STANDARD;
            ascii['&'] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return switch (ch) {
                case 0x2028 -> new SerializedString("\\u2028");
                case 0x2029 -> new SerializedString("\\u2029");
                default -> null;
            };
        }
    }
}
