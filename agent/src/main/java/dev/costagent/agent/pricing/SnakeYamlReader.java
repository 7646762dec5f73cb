package dev.costagent.agent.pricing;

import java.io.StringReader;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * Reads a catalog with SnakeYAML: the full YAML language and its error messages, for every text
 * {@link SubsetYamlParser} does not take. Only this class names SnakeYAML, so that its classes (about 150 of them,
 * some 150 ms on the agent's start-up path) are loaded only when a catalog needs them.
 */
final class SnakeYamlReader {

    private SnakeYamlReader() {
    }

    /** The document's root node, {@code null} for an empty document. */
    static CatalogNode compose(String file, String text) throws CatalogException {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(50);
            root = new Yaml(new SafeConstructor(options)).compose(new StringReader(text));
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
        return root == null ? null : new Adapter(root);
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

    /**
     * A SnakeYAML node seen as a {@link CatalogNode}; children are wrapped as they are asked for, never the whole
     * tree at once: aliases make the tree a graph, and the checks only walk the part a catalog uses.
     */
    private static final class Adapter implements CatalogNode {

        private final Node node;

        Adapter(Node node) {
            this.node = node;
        }

        @Override
        public int line() {
            return node.getStartMark().getLine() + 1;
        }

        @Override
        public int column() {
            return node.getStartMark().getColumn() + 1;
        }

        @Override
        public String scalar() {
            return node instanceof ScalarNode s ? s.getValue() : null;
        }

        @Override
        public boolean isMapping() {
            return node instanceof MappingNode;
        }

        @Override
        public boolean isSequence() {
            return node instanceof SequenceNode;
        }

        @Override
        public int size() {
            if (node instanceof MappingNode m) {
                return m.getValue().size();
            }
            return node instanceof SequenceNode s ? s.getValue().size() : 0;
        }

        @Override
        public CatalogNode key(int i) {
            return new Adapter(tuples().get(i).getKeyNode());
        }

        @Override
        public CatalogNode value(int i) {
            if (node instanceof SequenceNode s) {
                return new Adapter(s.getValue().get(i));
            }
            return new Adapter(tuples().get(i).getValueNode());
        }

        private List<NodeTuple> tuples() {
            if (!(node instanceof MappingNode m)) {
                throw new IllegalStateException("not a mapping");
            }
            return m.getValue();
        }
    }
}
