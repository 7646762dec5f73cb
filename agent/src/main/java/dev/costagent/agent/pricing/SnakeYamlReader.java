package dev.costagent.agent.pricing;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads catalog text into SnakeYAML's node tree, wording a syntax error as {@code file:line:column: ...}.
 *
 * <p>Nodes, not plain maps and lists: every node keeps the mark of where it starts, so that {@link CatalogReader}
 * can say where a bad price is. The text is only composed, never constructed into Java objects, so neither
 * SnakeYAML's constructors nor its {@code Yaml} front door (which brings the dumping side along) are needed: some
 * fifty classes and about 50 ms of CPU time fewer on the host's start-up when a catalog file is given.
 */
final class SnakeYamlReader {

    /** Far more than a catalog needs; what keeps a "billion laughs" document from exhausting memory. */
    private static final int MAX_ALIASES = 50;

    private SnakeYamlReader() {
    }

    /** The document's root node, {@code null} for an empty document. */
    static Node compose(String file, String text) throws CatalogException {
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(MAX_ALIASES);
            return new Composer(new ParserImpl(new StreamReader(text), options), new Resolver(), options)
                    .getSingleNode();
        } catch (ReaderException e) {
            // A character YAML does not allow (a NUL, a control character): its place comes as an offset only.
            throw new CatalogException(file + ":" + lineAndColumn(text, e.getPosition()) + ": YAML syntax error: "
                    + "character U+" + String.format("%04X", e.getCodePoint()) + " is not allowed in YAML");
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = m == null ? file : file + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1);
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            throw new CatalogException(where + ": YAML syntax error: " + oneLine(problem));
        } catch (YAMLException e) {
            throw new CatalogException(file + ": YAML error: " + oneLine(e.getMessage()));
        }
    }

    /** {@code line:column}, both from 1, of the code point at {@code offset}. */
    private static String lineAndColumn(String text, int offset) {
        int line = 1;
        int column = 1;
        int seen = 0;
        for (int i = 0; i < text.length() && seen < offset; i += Character.charCount(text.codePointAt(i)), seen++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return line + ":" + column;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }
}
