package dev.costagent.agent.pricing;

/**
 * One node of a catalog's YAML, whichever parser read it ({@link SubsetYamlParser} or SnakeYAML through
 * {@link SnakeYamlReader}), so that the catalog's rules are checked by one piece of code with one set of messages.
 * A node is a scalar, a mapping or a sequence; {@link #line()} and {@link #column()} count from 1 and say where it
 * starts, as SnakeYAML's start marks do.
 */
interface CatalogNode {

    int line();

    int column();

    /** The text of a scalar, {@code null} for a mapping or a sequence. */
    String scalar();

    boolean isMapping();

    boolean isSequence();

    /** The number of a mapping's entries or a sequence's items. */
    int size();

    /** The key of a mapping's entry {@code i}. */
    CatalogNode key(int i);

    /** The value of a mapping's entry {@code i}, or a sequence's item {@code i}. */
    CatalogNode value(int i);
}
