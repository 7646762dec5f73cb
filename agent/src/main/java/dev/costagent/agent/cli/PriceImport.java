package dev.costagent.agent.cli;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What an import gathered: the models kept, and a count of those skipped and of the prices left out, by reason.
 * The readers of each format ({@link LiteLlmPrices}, {@link GenAiPrices}) fill one in.
 */
final class PriceImport {

    /** The agent's precision: a price per million tokens with more decimals would round (see {@code Money}). */
    static final int MAX_DECIMALS = 6;

    final String format;
    final List<ImportedModel> models = new ArrayList<>();
    final Map<String, Integer> skipped = new TreeMap<>();
    final Map<String, Integer> notes = new TreeMap<>();
    private final Set<String> ids = new HashSet<>();

    PriceImport(String format) {
        this.format = format;
    }

    void skip(String reason) {
        skipped.merge(reason, 1, Integer::sum);
    }

    void note(String what) {
        notes.merge(what, 1, Integer::sum);
    }

    int skippedCount() {
        int n = 0;
        for (int c : skipped.values()) {
            n += c;
        }
        return n;
    }

    /** Whether this id (lower-cased, as the catalog compares) is still free. */
    boolean free(String name) {
        return !ids.contains(name.toLowerCase(Locale.ROOT));
    }

    /** Keeps a model; one whose id an earlier model has is skipped. Aliases are settled by {@link #finish}. */
    void add(ImportedModel m) {
        String id = m.id().toLowerCase(Locale.ROOT);
        if (!ids.add(id)) {
            skip("same id as a model before it");
            return;
        }
        models.add(new ImportedModel(id, m.provider().toLowerCase(Locale.ROOT), m.aliases(), m.base(), m.threshold(),
                m.tier()));
    }

    /**
     * Keeps each model's aliases that are no model's id and no earlier model's alias: the catalog refuses both.
     */
    void finish() {
        Set<String> taken = new HashSet<>(ids);
        for (int i = 0; i < models.size(); i++) {
            ImportedModel m = models.get(i);
            List<String> kept = new ArrayList<>();
            for (String a : m.aliases()) {
                String alias = a.toLowerCase(Locale.ROOT);
                if (alias.equals(m.id()) || kept.contains(alias)) {
                    continue;
                }
                if (taken.add(alias)) {
                    kept.add(alias);
                } else {
                    note("aliases left out because another model holds that name");
                }
            }
            models.set(i, new ImportedModel(m.id(), m.provider(), List.copyOf(kept), m.base(), m.threshold(), m.tier()));
        }
    }

    /** A price per token as the exact price per million tokens ({@code 3e-06} is {@code 3}). */
    static BigDecimal perMillionFromPerToken(BigDecimal perToken) {
        return normal(perToken.movePointRight(6));
    }

    /** The decimal without trailing zeros and never in exponent form. */
    static BigDecimal normal(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    /** Whether the catalog can hold this price per million exactly (at most six decimals, not negative). */
    static boolean expressible(BigDecimal perMillion) {
        return perMillion.signum() >= 0 && perMillion.scale() <= MAX_DECIMALS;
    }
}
