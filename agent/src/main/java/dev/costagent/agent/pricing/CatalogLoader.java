package dev.costagent.agent.pricing;

import dev.costagent.agent.value.Money;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code models_catalog.yaml} (SPEC section 5) into a {@link PriceCatalog}.
 *
 * <p>The YAML is read as a node tree rather than bound to objects so that every error can name the line and
 * column it comes from. Every problem that would price a call wrongly is an error; keys we do not know are
 * only warnings, so a newer catalog still loads.
 *
 * <p>The text is first given to {@link SubsetYamlParser}, which reads the plain YAML a catalog is written in
 * without loading SnakeYAML (its first use costs some 150 ms of the host program's start-up); any text it does not
 * take for certain, a syntax error included, goes to SnakeYAML as before ({@link SnakeYamlReader}). Both give the
 * same {@link CatalogNode} tree, and the checks below run over it, so messages do not depend on the parser.
 */
public final class CatalogLoader {

    /** Where the default catalog sits inside the agent jar. */
    public static final String BUNDLED_RESOURCE = "dev/costagent/agent/models_catalog.yaml";

    private static final Set<String> TOP_KEYS = Set.of("catalog", "prices_checked", "currency");
    private static final Set<String> ENTRY_KEYS = Set.of("id", "provider", "aliases", "pricing", "long_context");
    private static final List<String> PRICE_KEYS =
            List.of("input", "output", "cache_read", "cache_write", "cache_write_1h");
    private static final BigDecimal MAX_PRICE = BigDecimal.valueOf(1_000_000);

    private final String file;
    private final List<String> warnings = new ArrayList<>();

    private CatalogLoader(String file) {
        this.file = file;
    }

    /** Reads a catalog file. */
    public static PriceCatalog load(Path path) throws CatalogException {
        String name = path.toString();
        if (!Files.isRegularFile(path)) {
            throw new CatalogException(name + ": catalog file does not exist or is not a regular file");
        }
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return parse(name, r);
        } catch (IOException e) {
            throw new CatalogException(name + ": cannot read catalog: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the catalog bundled in the agent jar: its text is a class constant ({@code BundledCatalog}, generated
     * from {@code models_catalog.yaml} at build time), so no resource is looked up in the jar while the host starts.
     */
    public static PriceCatalog loadBundled() throws CatalogException {
        return parse("bundled models_catalog.yaml", BundledCatalog.text());
    }

    /** Parses catalog text; {@code file} is only used in messages. */
    public static PriceCatalog parse(String file, Reader yaml) throws CatalogException {
        String text;
        try {
            text = new CatalogLoader(file).readAll(yaml);
        } catch (RuntimeException e) {
            throw unreadable(file, e);
        }
        return parse(file, text);
    }

    /** Parses catalog text; {@code file} is only used in messages. */
    public static PriceCatalog parse(String file, String yaml) throws CatalogException {
        try {
            return new CatalogLoader(file).read(yaml);
        } catch (RuntimeException | StackOverflowError e) {
            // The YAML library's own limits and oddities: still a catalog that cannot be used, never a crash.
            throw unreadable(file, e);
        }
    }

    private static CatalogException unreadable(String file, Throwable e) {
        return new CatalogException(file + ": cannot be read as a catalog: " + e, e);
    }

    private PriceCatalog read(String text) throws CatalogException {
        CatalogNode root = SubsetYamlParser.parse(text);
        if (root == null) {
            // Outside the subset, or not valid YAML at all: SnakeYAML reads it and words any syntax error.
            root = SnakeYamlReader.compose(file, text);
        }
        return check(root);
    }

    /** Checks a parsed catalog; package-private so that tests can feed it either parser's tree. */
    static PriceCatalog check(String file, CatalogNode root) throws CatalogException {
        return new CatalogLoader(file).check(root);
    }

    private PriceCatalog check(CatalogNode root) throws CatalogException {
        if (root == null) {
            throw new CatalogException(file + ": catalog is empty");
        }
        Map<String, CatalogNode> top = mapping(root, "the top level", TOP_KEYS, null);
        String checked = top.containsKey("prices_checked") ? scalar(top.get("prices_checked"), "prices_checked", null) : null;
        if (top.containsKey("currency")) {
            String currency = scalar(top.get("currency"), "currency", null);
            if (!"USD".equals(currency)) {
                throw error(top.get("currency"), null, "currency must be USD, got '" + currency + "'");
            }
        }
        CatalogNode list = top.get("catalog");
        if (list == null) {
            throw error(root, null, "missing 'catalog' (a list of models)");
        }
        if (!list.isSequence()) {
            throw error(list, null, "'catalog' must be a list of models");
        }

        Map<String, ModelPrice> models = new LinkedHashMap<>();
        Map<String, String> aliases = new HashMap<>();
        Map<String, CatalogNode> nameNodes = new HashMap<>();
        int index = 0;
        for (int i = 0; i < list.size(); i++) {
            CatalogNode entryNode = list.value(i);
            index++;
            String label = "#" + index;
            Map<String, CatalogNode> entry = mapping(entryNode, "catalog entry " + label, ENTRY_KEYS, label);
            CatalogNode idNode = entry.get("id");
            if (idNode == null) {
                throw error(entryNode, label, "missing 'id'");
            }
            String id = normalisedName(idNode, label, "id");
            label = "'" + id + "'";
            String provider = entry.containsKey("provider")
                    ? scalar(entry.get("provider"), "provider", label).toLowerCase(Locale.ROOT) : "unknown";
            CatalogNode pricingNode = entry.get("pricing");
            if (pricingNode == null) {
                throw error(entryNode, label, "missing 'pricing' (with at least input and output)");
            }
            Rates base = rates(pricingNode, label, "pricing", null);
            long threshold = Long.MAX_VALUE;
            Rates tier = null;
            CatalogNode lc = entry.get("long_context");
            if (lc != null) {
                Map<String, CatalogNode> lcMap = mapping(lc, "long_context of " + label, null, label);
                CatalogNode t = lcMap.get("threshold");
                if (t == null) {
                    throw error(lc, label, "long_context has no 'threshold' (total input tokens above which it applies)");
                }
                threshold = wholeNumber(t, label, "long_context.threshold");
                tier = rates(lc, label, "long_context", "threshold");
            }
            claim(id, idNode, label, models, aliases, nameNodes);
            models.put(id, new ModelPrice(id, provider, base, threshold, tier));
            CatalogNode aliasNode = entry.get("aliases");
            if (aliasNode != null) {
                if (!aliasNode.isSequence()) {
                    throw error(aliasNode, label, "'aliases' must be a list of model ids");
                }
                for (int j = 0; j < aliasNode.size(); j++) {
                    CatalogNode a = aliasNode.value(j);
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

    private String readAll(Reader in) throws CatalogException {
        try {
            StringBuilder b = new StringBuilder();
            char[] buffer = new char[8192];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                b.append(buffer, 0, n);
            }
            return b.toString();
        } catch (CharacterCodingException e) {
            throw new CatalogException(file + ": is not UTF-8 text", e);
        } catch (IOException e) {
            throw new CatalogException(file + ": cannot read catalog: " + e.getMessage(), e);
        }
    }

    private void claim(String name, CatalogNode node, String label, Map<String, ModelPrice> models,
                       Map<String, String> aliases, Map<String, CatalogNode> nameNodes) throws CatalogException {
        if (models.containsKey(name) || aliases.containsKey(name)) {
            CatalogNode first = nameNodes.get(name);
            throw error(node, label, "duplicate model id or alias '" + name + "' (first defined at line "
                    + first.line() + ")");
        }
        nameNodes.put(name, node);
    }

    private Rates rates(CatalogNode node, String label, String what, String extraKey) throws CatalogException {
        Set<String> known = extraKey == null ? Set.copyOf(PRICE_KEYS) : union(PRICE_KEYS, extraKey);
        Map<String, CatalogNode> map = mapping(node, what + " of " + label, known, label);
        long[] perToken = new long[PRICE_KEYS.size()];
        for (int i = 0; i < PRICE_KEYS.size(); i++) {
            CatalogNode v = map.get(PRICE_KEYS.get(i));
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
    private long price(CatalogNode node, String label, String key) throws CatalogException {
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

    private long wholeNumber(CatalogNode node, String label, String key) throws CatalogException {
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

    private String normalisedName(CatalogNode node, String label, String key) throws CatalogException {
        String s = scalar(node, key, label).trim().toLowerCase(Locale.ROOT);
        if (s.isEmpty()) {
            throw error(node, label, key + " must not be empty");
        }
        return s;
    }

    private String scalar(CatalogNode node, String key, String label) throws CatalogException {
        String value = node.scalar();
        if (value == null) {
            throw error(node, label, key + " must be a single value");
        }
        return value;
    }

    private Map<String, CatalogNode> mapping(CatalogNode node, String what, Set<String> known, String label) throws CatalogException {
        if (!node.isMapping()) {
            throw error(node, label, what + " must be a mapping of keys to values");
        }
        Map<String, CatalogNode> out = new LinkedHashMap<>();
        for (int i = 0; i < node.size(); i++) {
            CatalogNode keyNode = node.key(i);
            String key = scalar(keyNode, "a key", label);
            if (out.put(key, node.value(i)) != null) {
                throw error(keyNode, label, "duplicate key '" + key + "'");
            }
            if (known != null && !known.contains(key)) {
                warnings.add(file + ":" + keyNode.line() + ":" + keyNode.column()
                        + ": unknown key '" + key + "' in " + what + " (ignored)");
            }
        }
        return out;
    }

    private CatalogException error(CatalogNode node, String label, String problem) {
        String where = node == null ? file : file + ":" + node.line() + ":" + node.column();
        return new CatalogException(where + ": " + (label == null ? "" : "entry " + label + ": ") + problem);
    }

    private static Set<String> union(List<String> a, String b) {
        List<String> all = new ArrayList<>(a);
        all.add(b);
        return Set.copyOf(all);
    }
}
