package dev.costagent.agent.cli;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * One model of an imported price list, in the catalog's terms (SPEC section 5): USD per million tokens, exact, for
 * the catalog's keys ({@code input}, {@code output}, {@code cache_read}, {@code cache_write}, {@code cache_write_1h});
 * a key the source does not price is absent (the catalog then falls back to {@code input}).
 *
 * @param threshold total input tokens above which the tier applies, or null without a tier
 * @param tier      the long-context tier's prices, or null
 */
record ImportedModel(String id, String provider, List<String> aliases, Map<String, BigDecimal> base, Long threshold,
                     Map<String, BigDecimal> tier) {

    /** The catalog's price keys, in the order the catalog writes them. */
    static final List<String> KEYS = List.of("input", "output", "cache_read", "cache_write", "cache_write_1h");
}
