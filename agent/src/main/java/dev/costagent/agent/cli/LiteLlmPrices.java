package dev.costagent.agent.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads LiteLLM's {@code model_prices_and_context_window.json}: an object of model name to a flat object of
 * {@code input_cost_per_token}, {@code output_cost_per_token}, {@code cache_read_input_token_cost},
 * {@code cache_creation_input_token_cost} (the 5-minute write), {@code cache_creation_input_token_cost_above_1hr},
 * the same keys with {@code _above_<N>k_tokens} for a long-context tier, {@code litellm_provider} and {@code mode}.
 *
 * <p>Kept: the {@code chat}, {@code completion}, {@code responses} and {@code embedding} modes, priced per token.
 * Skipped, with a count by reason: other modes (images, audio, video, moderation, rerank...), models with no price
 * per token (per second, per character), models with a fixed price per request, ranges of {@code tiered_pricing}
 * that the flat keys do not repeat, more than one long-context threshold, and prices finer than the agent's
 * precision. Prices that are only left out (per image or audio token, per search query, batch, flex and priority
 * service tiers, a separate reasoning price) are counted as notes. The number's text is read as a decimal, so
 * {@code 3e-06} is exactly 3 per million.
 */
final class LiteLlmPrices {

    static final Set<String> MODES = Set.of("chat", "completion", "responses", "embedding");

    /** The catalog key of each LiteLLM per-token key. */
    private static final Map<String, String> KEYS = Map.of(
            "input_cost_per_token", "input",
            "output_cost_per_token", "output",
            "cache_read_input_token_cost", "cache_read",
            "cache_creation_input_token_cost", "cache_write",
            "cache_creation_input_token_cost_above_1hr", "cache_write_1h");

    private static final Pattern TIER = Pattern.compile("(.+)_above_(\\d+)k_tokens");

    private LiteLlmPrices() {
    }

    /** Reads the document the parser stands on (its {@code START_OBJECT}). */
    static PriceImport read(JsonParser p, Set<String> providers) throws IOException, CliException {
        PriceImport out = new PriceImport("LiteLLM");
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new CliException("not a LiteLLM price list: the entry '" + name + "' is not an object "
                        + CostFiles.where(p.currentLocation()));
            }
            Map<String, BigDecimal> numbers = new HashMap<>();
            Map<String, String> texts = new HashMap<>();
            Set<String> others = new HashSet<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken t = p.nextToken();
                if (t.isNumeric()) {
                    numbers.put(key, p.getDecimalValue());
                } else if (t == JsonToken.VALUE_STRING) {
                    texts.put(key, p.getText());
                } else if (t != JsonToken.VALUE_NULL) {
                    others.add(key);
                    p.skipChildren();
                }
            }
            if (name.equals("sample_spec")) {
                continue;
            }
            String provider = texts.getOrDefault("litellm_provider", "unknown");
            if (!providers.isEmpty() && !providers.contains(provider)) {
                out.skip("not of the providers asked for (--provider)");
                continue;
            }
            model(out, name, provider, texts.get("mode"), numbers, others);
        }
        out.finish();
        return out;
    }

    private static void model(PriceImport out, String name, String provider, String mode,
                              Map<String, BigDecimal> numbers, Set<String> others) {
        if (mode == null) {
            out.skip("no mode");
            return;
        }
        if (!MODES.contains(mode)) {
            out.skip("mode " + mode);
            return;
        }
        if (!numbers.containsKey("input_cost_per_token")) {
            out.skip("not priced per token");
            return;
        }
        for (Map.Entry<String, BigDecimal> e : numbers.entrySet()) {
            if (e.getKey().endsWith("_per_request") && e.getValue().signum() != 0) {
                out.skip("a price per request");
                return;
            }
        }
        Map<String, BigDecimal> base = new LinkedHashMap<>();
        Map<String, BigDecimal> tierOnly = new LinkedHashMap<>();
        Long threshold = null;
        for (String key : ImportedModel.KEYS) {
            base.put(key, null);
        }
        for (Map.Entry<String, BigDecimal> e : numbers.entrySet()) {
            String key = e.getKey();
            if (KEYS.containsKey(key)) {
                base.put(KEYS.get(key), PriceImport.perMillionFromPerToken(e.getValue()));
                continue;
            }
            Matcher m = TIER.matcher(key);
            if (m.matches() && KEYS.containsKey(m.group(1))) {
                long at = Long.parseLong(m.group(2)) * 1000;
                if (threshold != null && threshold != at) {
                    out.skip("more than one long-context tier");
                    return;
                }
                threshold = at;
                tierOnly.put(KEYS.get(m.group(1)), PriceImport.perMillionFromPerToken(e.getValue()));
            }
        }
        base.values().removeIf(v -> v == null);
        if (!base.containsKey("output")) {
            if (!mode.equals("embedding")) {
                out.skip("no output price");
                return;
            }
            // Embeddings produce no output tokens; the catalog still wants the price.
            base.put("output", BigDecimal.ZERO);
        }
        if (threshold == null && others.contains("tiered_pricing")) {
            out.skip("ranges of tiered_pricing without the flat _above_ keys");
            return;
        }
        Map<String, BigDecimal> tier = null;
        if (threshold != null) {
            // A class the tier does not name keeps its base price above the threshold too (LiteLLM's reading).
            tier = new LinkedHashMap<>();
            for (String key : ImportedModel.KEYS) {
                BigDecimal v = tierOnly.containsKey(key) ? tierOnly.get(key) : base.get(key);
                if (v != null) {
                    tier.put(key, v);
                }
            }
        }
        if (!allExpressible(base) || (tier != null && !allExpressible(tier))) {
            out.skip("a price finer than " + PriceImport.MAX_DECIMALS + " decimals per million tokens");
            return;
        }
        notes(out, numbers, others, base);
        out.add(new ImportedModel(name, provider, List.of(), base, threshold, tier));
    }

    private static void notes(PriceImport out, Map<String, BigDecimal> numbers, Set<String> others,
                              Map<String, BigDecimal> base) {
        Set<String> keys = new HashSet<>(numbers.keySet());
        keys.addAll(others);
        boolean media = false;
        boolean service = false;
        boolean query = false;
        for (String key : keys) {
            media |= key.contains("audio") || key.contains("image") || key.contains("video")
                    || key.contains("per_second") || key.contains("per_character");
            service |= key.endsWith("_batches") || key.endsWith("_flex") || key.endsWith("_priority");
            query |= key.contains("per_query");
        }
        if (media) {
            out.note("models whose audio, image or video prices are left out (their text prices are kept)");
        }
        if (service) {
            out.note("models whose batch, flex or priority prices are left out (the standard ones are kept)");
        }
        if (query) {
            out.note("models whose per-query tool prices (web search) are left out");
        }
        BigDecimal reasoning = numbers.get("output_cost_per_reasoning_token");
        if (reasoning != null && PriceImport.perMillionFromPerToken(reasoning).compareTo(base.get("output")) != 0) {
            out.note("models whose separate reasoning price is left out (reasoning is priced as output)");
        }
    }

    private static boolean allExpressible(Map<String, BigDecimal> prices) {
        for (BigDecimal v : prices.values()) {
            if (!PriceImport.expressible(v)) {
                return false;
            }
        }
        return true;
    }
}
