package dev.costagent.agent.pricing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Finds the catalog entry for a model name as an API reports it (SPEC section 4), first hit wins:
 * exact id, alias, then the same two without a provider prefix ({@code anthropic/}, {@code us.anthropic.},
 * {@code models/}, ...), then without a date or version suffix ({@code -20250929}, {@code -2024-08-06},
 * {@code -v1:0}, {@code @20250929}), then the longest catalog id the name starts with.
 *
 * <p>The longest-prefix step only accepts a prefix that ends where the name has a separator ({@code -},
 * {@code .}, {@code :}, {@code @}, {@code _}, {@code /}), so {@code gpt-4o-mini-search} finds {@code gpt-4o-mini}
 * and never {@code gpt-4o}, and a made-up {@code gpt-4ox} finds nothing.
 *
 * <p>Thread-safety: safe for concurrent use; results are cached per name.
 */
public final class ModelResolver {

    private static final List<String> PROVIDER_PREFIXES = List.of(
            "anthropic/", "openai/", "google/", "gemini/", "vertex_ai/", "bedrock/", "azure/", "models/",
            "us.anthropic.", "eu.anthropic.", "apac.anthropic.", "global.anthropic.", "anthropic.",
            "us.", "eu.", "apac.", "global.");
    /**
     * Date or version suffixes: -20250929, -2024-08-06, @20250929, -v1:0, -v2, :0. In a holder: only a name that
     * is neither an id nor an alias needs it, and compiling it at start-up loads some twenty regex classes.
     */
    private static final class Suffix {
        static final Pattern PATTERN = Pattern.compile(
                "(?:[-@](?:\\d{8}|\\d{4}-\\d{2}-\\d{2}))?(?:-v\\d+(?::\\d+)?|:\\d+)?$");
    }

    /** Longest first, then alphabetical. A class, not composed lambdas: it runs while the host starts. */
    private static final Comparator<String> LONGEST_FIRST = new Comparator<>() {
        @Override
        public int compare(String a, String b) {
            return a.length() != b.length() ? Integer.compare(b.length(), a.length()) : a.compareTo(b);
        }
    };

    private final PriceCatalog catalog;
    private final List<String> idsLongestFirst;
    private final ConcurrentHashMap<String, Optional<ModelPrice>> cache = new ConcurrentHashMap<>();
    /**
     * Names resolved recently and their answers, checked before the map. A response's model name is a new string
     * each call (parsed from the body), so the map would hash it anew, about a nanosecond per character; here the
     * slot comes from its length and two of its characters, and the check is one vectorised {@code equals}. A
     * slot is written only on a miss, so threads calling the same few models only read it. Entries are immutable,
     * slots plain: a thread sees an entry or an older one, each right for its own name.
     */
    private final Recent[] recent = new Recent[RECENT];
    private static final int RECENT = 64;

    private static final class Recent {
        final String name;
        final ModelPrice price;

        Recent(String name, ModelPrice price) {
            this.name = name;
            this.price = price;
        }
    }

    public ModelResolver(PriceCatalog catalog) {
        this.catalog = catalog;
        List<String> ids = new ArrayList<>(catalog.models().keySet());
        ids.sort(LONGEST_FIRST);
        this.idsLongestFirst = List.copyOf(ids);
    }

    /** The catalog entry for a model name, or null when the catalog has none. */
    public ModelPrice resolve(String name) {
        if (name == null) {
            return null;
        }
        int n = name.length();
        int slot = n == 0 ? 0 : (n * 31 + name.charAt(n - 1) * 7 + name.charAt(n >> 1)) & (RECENT - 1);
        Recent r = recent[slot];
        if (r != null && r.name.equals(name)) {
            return r.price;
        }
        ModelPrice price = lookupCached(name);
        recent[slot] = new Recent(name, price);
        return price;
    }

    private ModelPrice lookupCached(String name) {
        Optional<ModelPrice> hit = cache.get(name);
        if (hit == null) {
            hit = Optional.ofNullable(lookup(name.trim().toLowerCase(Locale.ROOT)));
            // Bounded: model names come from API responses, so the set is small in practice.
            if (cache.size() < 10_000) {
                cache.putIfAbsent(name, hit);
            }
        }
        return hit.orElse(null);
    }

    /**
     * {@code name} without its date or version suffix. Every non-empty suffix ends in a digit, at the end of the
     * name or before a final line terminator (where {@code $} also matches), so any other name is its own answer
     * without the pattern.
     */
    static String withoutSuffix(String name) {
        if (name.isEmpty()) {
            return name;
        }
        char last = name.charAt(name.length() - 1);
        boolean digit = last >= '0' && last <= '9';
        boolean terminator = last == '\n' || last == '\r' || last == '\u0085' || last == '\u2028' || last == '\u2029';
        return digit || terminator ? Suffix.PATTERN.matcher(name).replaceFirst("") : name;
    }

    private ModelPrice lookup(String name) {
        if (name.isEmpty()) {
            return null;
        }
        ModelPrice p = exactOrAlias(name);
        if (p != null) {
            return p;
        }
        String bare = withoutProviderPrefix(name);
        if (!bare.equals(name) && (p = exactOrAlias(bare)) != null) {
            return p;
        }
        String undated = withoutSuffix(bare);
        if (!undated.isEmpty() && !undated.equals(bare) && (p = exactOrAlias(undated)) != null) {
            return p;
        }
        for (String id : idsLongestFirst) {
            if (bare.length() > id.length() && bare.startsWith(id) && isSeparator(bare.charAt(id.length()))) {
                return catalog.models().get(id);
            }
        }
        return null;
    }

    private ModelPrice exactOrAlias(String name) {
        ModelPrice p = catalog.models().get(name);
        if (p != null) {
            return p;
        }
        String id = catalog.aliases().get(name);
        return id == null ? null : catalog.models().get(id);
    }

    private static String withoutProviderPrefix(String name) {
        String s = name;
        boolean stripped = true;
        while (stripped) {
            stripped = false;
            for (String prefix : PROVIDER_PREFIXES) {
                if (s.startsWith(prefix) && s.length() > prefix.length()) {
                    s = s.substring(prefix.length());
                    stripped = true;
                    break;
                }
            }
        }
        return s;
    }

    private static boolean isSeparator(char c) {
        return c == '-' || c == '.' || c == ':' || c == '@' || c == '_' || c == '/';
    }
}
