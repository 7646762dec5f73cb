package dev.costagent.agent.pricing;

import dev.costagent.agent.value.Money;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The catalog's rules (SPEC section 5): turns catalog YAML into a checked {@link PriceCatalog}.
 *
 * <p>It walks SnakeYAML's node tree rather than bound objects so that every refusal can name the line and column
 * it comes from. Every problem that would price a call wrongly is a refusal; keys we do not know are only warnings,
 * so a newer catalog still loads. Scalars are read as the text the file holds (never as YAML's numbers or dates),
 * so a price is exactly the decimal written.
 *
 * <p>The build runs this class too: {@code agent/src/build/GenerateBundledCatalog.java} reads the bundled catalog
 * with it and compiles the result into {@code BundledCatalog}. So it must not name {@code BundledCatalog} itself.
 */
final class CatalogReader {

    private static final Set<String> TOP_KEYS = Set.of("catalog", "prices_checked", "currency");
    private static final Set<String> ENTRY_KEYS = Set.of("id", "provider", "aliases", "pricing", "long_context");
    private static final List<String> PRICE_KEYS =
            List.of("input", "output", "cache_read", "cache_write", "cache_write_1h");
    private static final BigDecimal MAX_PRICE = BigDecimal.valueOf(1_000_000);

    private final String file;
    private final List<String> warnings = new ArrayList<>();

    private CatalogReader(String file) {
        this.file = file;
    }

    /** Reads and checks catalog text; {@code file} is only used in messages and as the catalog's source. */
    static PriceCatalog read(String file, String text) throws CatalogException {
        return new CatalogReader(file).check(SnakeYamlReader.compose(file, text));
    }

    private PriceCatalog check(Node root) throws CatalogException {
        if (root == null) {
            throw new CatalogException(file + ": catalog is empty");
        }
        Map<String, Node> top = mapping(root, "the top level", TOP_KEYS, null);
        String checked = top.containsKey("prices_checked") ? scalar(top.get("prices_checked"), "prices_checked", null) : null;
        if (top.containsKey("currency")) {
            String currency = scalar(top.get("currency"), "currency", null);
            if (!"USD".equals(currency)) {
                throw error(top.get("currency"), null, "currency must be USD, got '" + currency + "'");
            }
        }
        Node list = top.get("catalog");
        if (list == null) {
            throw error(root, null, "missing 'catalog' (a list of models)");
        }
        if (!(list instanceof SequenceNode entries)) {
            throw error(list, null, "'catalog' must be a list of models");
        }

        Map<String, ModelPrice> models = new LinkedHashMap<>();
        Map<String, String> aliases = new HashMap<>();
        Map<String, Node> nameNodes = new HashMap<>();
        int index = 0;
        for (Node entryNode : entries.getValue()) {
            index++;
            String label = "#" + index;
            Map<String, Node> entry = mapping(entryNode, "catalog entry " + label, ENTRY_KEYS, label);
            Node idNode = entry.get("id");
            if (idNode == null) {
                throw error(entryNode, label, "missing 'id'");
            }
            String id = normalisedName(idNode, label, "id");
            label = "'" + id + "'";
            String provider = entry.containsKey("provider")
                    ? scalar(entry.get("provider"), "provider", label).toLowerCase(Locale.ROOT) : "unknown";
            Node pricingNode = entry.get("pricing");
            if (pricingNode == null) {
                throw error(entryNode, label, "missing 'pricing' (with at least input and output)");
            }
            Rates base = rates(pricingNode, label, "pricing", null);
            long threshold = Long.MAX_VALUE;
            Rates tier = null;
            Node lc = entry.get("long_context");
            if (lc != null) {
                Map<String, Node> lcMap = mapping(lc, "long_context of " + label, null, label);
                Node t = lcMap.get("threshold");
                if (t == null) {
                    throw error(lc, label, "long_context has no 'threshold' (total input tokens above which it applies)");
                }
                threshold = wholeNumber(t, label, "long_context.threshold");
                tier = rates(lc, label, "long_context", "threshold");
            }
            claim(id, idNode, label, models, aliases, nameNodes);
            models.put(id, new ModelPrice(id, provider, base, threshold, tier));
            Node aliasNode = entry.get("aliases");
            if (aliasNode != null) {
                if (!(aliasNode instanceof SequenceNode aliasList)) {
                    throw error(aliasNode, label, "'aliases' must be a list of model ids");
                }
                for (Node a : aliasList.getValue()) {
                    String alias = normalisedName(a, label, "alias");
                    claim(alias, a, label, models, aliases, nameNodes);
                    aliases.put(alias, id);
                }
            }
        }
        // An alias may name a model that is listed later in the file; check both directions once all are read.
        for (Map.Entry<String, String> a : aliases.entrySet()) {
            if (models.containsKey(a.getKey())) {
                throw error(nameNodes.get(a.getKey()), "'" + a.getValue() + "'",
                        "alias '" + a.getKey() + "' is also the id of another model");
            }
        }
        if (models.isEmpty()) {
            throw error(list, null, "'catalog' lists no models");
        }
        return new PriceCatalog(file, checked, models, aliases, warnings);
    }

    private void claim(String name, Node node, String label, Map<String, ModelPrice> models,
                       Map<String, String> aliases, Map<String, Node> nameNodes) throws CatalogException {
        if (models.containsKey(name) || aliases.containsKey(name)) {
            Node first = nameNodes.get(name);
            throw error(node, label, "duplicate model id or alias '" + name + "' (first defined at line "
                    + line(first) + ")");
        }
        nameNodes.put(name, node);
    }

    private Rates rates(Node node, String label, String what, String extraKey) throws CatalogException {
        Set<String> known = extraKey == null ? Set.copyOf(PRICE_KEYS) : union(PRICE_KEYS, extraKey);
        Map<String, Node> map = mapping(node, what + " of " + label, known, label);
        long[] perToken = new long[PRICE_KEYS.size()];
        for (int i = 0; i < PRICE_KEYS.size(); i++) {
            Node v = map.get(PRICE_KEYS.get(i));
            perToken[i] = v == null ? -1 : price(v, label, what + "." + PRICE_KEYS.get(i));
        }
        if (perToken[0] < 0) {
            throw error(node, label, what + " has no 'input' price");
        }
        if (perToken[1] < 0) {
            throw error(node, label, what + " has no 'output' price");
        }
        long input = perToken[0];
        return new Rates(input,
                perToken[2] < 0 ? input : perToken[2],
                perToken[3] < 0 ? input : perToken[3],
                perToken[4] < 0 ? input : perToken[4],
                perToken[1]);
    }

    /** A price in USD per million tokens, returned in picodollars per token. */
    private long price(Node node, String label, String key) throws CatalogException {
        String text = scalar(node, key, label);
        BigDecimal value;
        try {
            value = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw error(node, label, key + " must be a number (USD per million tokens), got '" + text + "'");
        }
        if (value.signum() < 0) {
            throw error(node, label, key + " must not be negative, got " + text);
        }
        if (value.compareTo(MAX_PRICE) > 0) {
            throw error(node, label, key + " is implausibly large (over $1,000,000 per million tokens): " + text);
        }
        if (value.scale() > 6 && value.stripTrailingZeros().scale() > 6) {
            throw error(node, label, key + " has more than 6 decimals, finer than the agent prices: " + text);
        }
        // USD per million tokens to picodollars per token: x 10^12 / 10^6, exact for at most 6 decimals.
        return value.movePointRight(Money.SCALE - 6).longValueExact();
    }

    private long wholeNumber(Node node, String label, String key) throws CatalogException {
        String text = scalar(node, key, label);
        try {
            long v = new BigDecimal(text.trim().replace("_", "")).longValueExact();
            if (v < 0) {
                throw error(node, label, key + " must not be negative, got " + text);
            }
            return v;
        } catch (NumberFormatException | ArithmeticException e) {
            throw error(node, label, key + " must be a whole number of tokens, got '" + text + "'");
        }
    }

    private String normalisedName(Node node, String label, String key) throws CatalogException {
        String s = scalar(node, key, label).trim().toLowerCase(Locale.ROOT);
        if (s.isEmpty()) {
            throw error(node, label, key + " must not be empty");
        }
        return s;
    }

    private String scalar(Node node, String key, String label) throws CatalogException {
        if (!(node instanceof ScalarNode s)) {
            throw error(node, label, key + " must be a single value");
        }
        return s.getValue();
    }

    private Map<String, Node> mapping(Node node, String what, Set<String> known, String label) throws CatalogException {
        if (!(node instanceof MappingNode m)) {
            throw error(node, label, what + " must be a mapping of keys to values");
        }
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            Node keyNode = t.getKeyNode();
            String key = scalar(keyNode, "a key", label);
            if (out.put(key, t.getValueNode()) != null) {
                throw error(keyNode, label, "duplicate key '" + key + "'");
            }
            if (known != null && !known.contains(key)) {
                warnings.add(file + ":" + line(keyNode) + ":" + column(keyNode)
                        + ": unknown key '" + key + "' in " + what + " (ignored)");
            }
        }
        return out;
    }

    private CatalogException error(Node node, String label, String problem) {
        String where = node == null ? file : file + ":" + line(node) + ":" + column(node);
        return new CatalogException(where + ": " + (label == null ? "" : "entry " + label + ": ") + problem);
    }

    /** SnakeYAML counts lines and columns from 0; editors and our messages from 1. */
    private static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    private static int column(Node node) {
        return node.getStartMark().getColumn() + 1;
    }

    private static Set<String> union(List<String> a, String b) {
        List<String> all = new ArrayList<>(a);
        all.add(b);
        return Set.copyOf(all);
    }
}
