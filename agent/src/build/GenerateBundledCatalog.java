import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Build step (generate-sources, run as a single-file program): writes {@code BundledCatalog.java}, a class holding
 * the text of the repository's {@code models_catalog.yaml} as string constants.
 *
 * <p>Why: the agent reads its default catalog in {@code premain}, before the host's {@code main}. Read as a resource,
 * the first lookup in the agent jar costs 8 to 15 ms on the host's main thread (the class path machinery opens the
 * jar from Java a second time; the JVM's own reader already has it open for our classes). A class constant comes
 * through that already open reader.
 *
 * <p>The source is plain ASCII whatever the compiler's encoding: {@code "} and {@code \} are escaped, control
 * characters are octal escapes, and every other non-ASCII character is a {@code \}{@code uXXXX} escape (never one that
 * javac would read as a line end, a quote or a backslash). A class file holds at most 65,535 bytes per string
 * constant, so the text is cut into parts of at most {@value #PART_CHARS} characters (three bytes each at most),
 * never inside a surrogate pair.
 *
 * <p>Usage: {@code java GenerateBundledCatalog.java <models_catalog.yaml> <generated source root>}
 */
public final class GenerateBundledCatalog {

    static final int PART_CHARS = 20_000;
    static final String PACKAGE = "dev.costagent.agent.pricing";
    static final String CLASS = "BundledCatalog";

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: GenerateBundledCatalog <models_catalog.yaml> <source root>");
        }
        Path yaml = Path.of(args[0]);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(yaml))).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(yaml + " is not UTF-8 text", e);
        }
        Path out = Path.of(args[1]).resolve(PACKAGE.replace('.', '/')).resolve(CLASS + ".java");
        Files.createDirectories(out.getParent());
        String source = source(text);
        // Unchanged text leaves the file alone, so an incremental build does not recompile it.
        if (!Files.exists(out) || !Files.readString(out, StandardCharsets.US_ASCII).equals(source)) {
            Files.writeString(out, source, StandardCharsets.US_ASCII);
        }
    }

    static String source(String text) {
        StringBuilder s = new StringBuilder(text.length() * 11 / 10 + 1_000);
        s.append("package ").append(PACKAGE).append(";\n\n");
        s.append("/** Generated at build time by agent/src/build/GenerateBundledCatalog.java from models_catalog.yaml:"
                + " do not edit. */\n");
        s.append("final class ").append(CLASS).append(" {\n\n");
        s.append("    /** The catalog's length in characters. */\n");
        s.append("    static final int LENGTH = ").append(text.length()).append(";\n\n");
        int parts = 0;
        for (int start = 0; start < text.length() || parts == 0; parts++) {
            int end = Math.min(text.length(), start + PART_CHARS);
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                end--;
            }
            s.append("    private static final String PART_").append(parts).append(" =\n        \"");
            for (int i = start; i < end; i++) {
                char c = text.charAt(i);
                if (c == '"' || c == '\\') {
                    s.append('\\').append(c);
                } else if (c == '\n') {
                    // One source line per catalog line, so the generated file can be read.
                    s.append(i + 1 < end ? "\\n\"\n        + \"" : "\\n");
                } else if (c < 0x20 || c == 0x7f) {
                    s.append('\\').append(String.format("%03o", (int) c));
                } else if (c > 0x7f) {
                    s.append(String.format("\\u%04x", (int) c));
                } else {
                    s.append(c);
                }
            }
            s.append("\";\n\n");
            start = end;
        }
        s.append("    private ").append(CLASS).append("() {\n    }\n\n");
        s.append("    /** The text of models_catalog.yaml as it was built into this jar. */\n");
        s.append("    static String text() {\n");
        if (parts == 1) {
            s.append("        return PART_0;\n");
        } else {
            s.append("        return new StringBuilder(LENGTH)");
            for (int p = 0; p < parts; p++) {
                s.append("\n                .append(PART_").append(p).append(')');
            }
            s.append("\n                .toString();\n");
        }
        s.append("    }\n}\n");
        return s.toString();
    }
}
