package dev.costagent.demo;

import java.nio.charset.StandardCharsets;

/** The fake server's tokenizer: one token per started group of four UTF-8 bytes. */
final class FakeTokens {

    private FakeTokens() {
    }

    /** {@code ceil(utf8Bytes(text) / 4)}; 0 for null or empty. */
    static long of(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        long bytes = text.getBytes(StandardCharsets.UTF_8).length;
        return (bytes + 3) / 4;
    }

    /** The longest prefix of {@code text} whose token count is at most {@code maxTokens}, cut on a code point. */
    static String truncate(String text, long maxTokens) {
        if (of(text) <= maxTokens) {
            return text;
        }
        long budget = maxTokens * 4;
        int end = 0;
        long bytes = 0;
        while (end < text.length()) {
            int cp = text.codePointAt(end);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + size > budget) {
                break;
            }
            bytes += size;
            end += Character.charCount(cp);
        }
        return text.substring(0, end);
    }
}
