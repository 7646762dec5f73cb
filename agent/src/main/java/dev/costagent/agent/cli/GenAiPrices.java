package dev.costagent.agent.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import dev.costagent.agent.report.JsonValues;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads pydantic's genai-prices {@code data.json}: a list of providers ({@code id}, {@code provider_match} or
 * {@code model_match}, {@code models}), each model with {@code id}, {@code match} (clauses such as
 * {@code equals}, {@code starts_with}, {@code or}) and {@code prices} in USD per million tokens:
 * {@code input_mtok}, {@code output_mtok}, {@code cache_read_mtok}, {@code cache_write_mtok}, each a number or
 * {@code {base, tiers: [{start, price}]}}; or a list of prices with a {@code constraint} (a start date, or a time
 * of day).
 *
 * <p>The price in force on the import date is taken (the last one whose start date has come); a time-of-day price
 * (off-peak) cannot be expressed and is left out. {@code equals} and whole-name {@code starts_with} clauses become
 * aliases. Its one {@code cache_write_mtok} prices writes of both lifetimes, so it is also the catalog's
 * {@code cache_write_1h}. A model offered by several providers under one id keeps the bare id for the provider whose
 * {@code model_match} claims it (genai-prices' own rule for a bare model name), the others get
 * {@code provider/id}. Skipped, with a count: models with no text token price, a price per request, more than one
 * tier or tiers at different thresholds, prices finer than the agent's precision.
 */
final class GenAiPrices {

    private static final Map<String, String> KEYS = Map.of(
            "input_mtok", "input",
            "output_mtok", "output",
            "cache_read_mtok", "cache_read",
            "cache_write_mtok", "cache_write");

    private final PriceImport out = new PriceImport("genai-prices");
    private final LocalDate today;

    private GenAiPrices(LocalDate today) {
        this.today = today;
    }

    /** Reads the document the parser stands on (its {@code START_ARRAY}). */
    static PriceImport read(JsonParser p, Set<String> providers, LocalDate today) throws IOException, CliException {
        GenAiPrices reader = new GenAiPrices(today);
        List<Map<String, Object>> kept = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw new CliException("not a genai-prices list: an entry is not a provider object "
                        + CostFiles.where(p.currentLocation()));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> provider = (Map<String, Object>) JsonValues.read(p);
            if (!(provider.get("id") instanceof String id) || !(provider.get("models") instanceof List<?>)) {
                throw new CliException("not a genai-prices list: a provider without 'id' or 'models' "
                        + CostFiles.where(p.currentLocation()));
            }
            if (!providers.isEmpty() && !providers.contains(id)) {
                for (Object ignored : (List<?>) provider.get("models")) {
                    reader.out.skip("not of the providers asked for (--provider)");
                }
                continue;
            }
            kept.add(provider);
        }
        reader.models(kept);
        reader.out.finish();
        return reader.out;
    }

    /** First the bare ids each provider's match claims, then every other model, as provider/id where taken. */
    private void models(List<Map<String, Object>> providers) throws CliException {
        List<Pending> later = new ArrayList<>();
        for (Map<String, Object> provider : providers) {
            String pid = (String) provider.get("id");
            Object claim = provider.containsKey("provider_match") ? provider.get("provider_match")
                    : provider.get("model_match");
            for (Object o : (List<?>) provider.get("models")) {
                if (!(o instanceof Map<?, ?> model) || !(model.get("id") instanceof String id)) {
                    throw new CliException("not a genai-prices list: a model of '" + pid + "' without 'id'");
                }
                if (claim != null && matches(claim, id.toLowerCase(java.util.Locale.ROOT))) {
                    model(pid, id, model);
                } else {
                    later.add(new Pending(pid, id, model));
                }
            }
        }
        for (Pending m : later) {
            model(m.provider(), out.free(m.id()) ? m.id() : m.provider() + "/" + m.id(), m.model());
        }
    }

    private record Pending(String provider, String id, Map<?, ?> model) {
    }

    private void model(String provider, String id, Map<?, ?> model) {
        Map<?, ?> prices = current(model.get("prices"));
        if (prices == null) {
            out.skip("no price in force");
            return;
        }
        if (decimal(prices.get("requests_kcount")) instanceof BigDecimal perRequest && perRequest.signum() != 0) {
            out.skip("a price per request");
            return;
        }
        if (!prices.containsKey("input_mtok")) {
            out.skip("no text token price");
            return;
        }
        Map<String, BigDecimal> base = new LinkedHashMap<>();
        Map<String, BigDecimal> tierPrices = new LinkedHashMap<>();
        Long threshold = null;
        for (Map.Entry<String, String> k : KEYS.entrySet()) {
            Object v = prices.get(k.getKey());
            if (v == null) {
                continue;
            }
            if (decimal(v) instanceof BigDecimal d) {
                base.put(k.getValue(), PriceImport.normal(d));
            } else if (v instanceof Map<?, ?> tiered && decimal(tiered.get("base")) instanceof BigDecimal b
                    && tiered.get("tiers") instanceof List<?> tiers) {
                base.put(k.getValue(), PriceImport.normal(b));
                if (tiers.isEmpty()) {
                    continue;
                }
                if (tiers.size() > 1 || !(tiers.get(0) instanceof Map<?, ?> t)
                        || !(decimal(t.get("start")) instanceof BigDecimal start)
                        || !(decimal(t.get("price")) instanceof BigDecimal price)) {
                    out.skip("more than one price tier");
                    return;
                }
                long at = start.longValue();
                if (threshold != null && threshold != at) {
                    out.skip("price tiers at different thresholds");
                    return;
                }
                threshold = at;
                tierPrices.put(k.getValue(), PriceImport.normal(price));
            } else {
                out.skip("a price that is neither a number nor tiers");
                return;
            }
        }
        if (base.containsKey("cache_write")) {
            // genai-prices has one cache-write price, for writes of either lifetime.
            base.put("cache_write_1h", base.get("cache_write"));
            if (tierPrices.containsKey("cache_write")) {
                tierPrices.put("cache_write_1h", tierPrices.get("cache_write"));
            }
        }
        if (!base.containsKey("output")) {
            // An embedding model: no output tokens, but the catalog wants the price.
            base.put("output", BigDecimal.ZERO);
        }
        Map<String, BigDecimal> tier = null;
        if (threshold != null) {
            tier = new LinkedHashMap<>();
            for (String key : ImportedModel.KEYS) {
                BigDecimal v = tierPrices.containsKey(key) ? tierPrices.get(key) : base.get(key);
                if (v != null) {
                    tier.put(key, v);
                }
            }
        }
        for (Map<String, BigDecimal> set : tier == null ? List.of(base) : List.of(base, tier)) {
            for (BigDecimal v : set.values()) {
                if (!PriceImport.expressible(v)) {
                    out.skip("a price finer than " + PriceImport.MAX_DECIMALS + " decimals per million tokens");
                    return;
                }
            }
        }
        for (Object key : prices.keySet()) {
            String k = key.toString();
            if (k.contains("audio") || k.contains("image") || k.contains("video")) {
                out.note("models whose audio, image or video prices are left out (their text prices are kept)");
                break;
            }
        }
        List<String> aliases = new ArrayList<>();
        aliases(model.get("match"), aliases);
        out.add(new ImportedModel(id, provider, aliases, base, threshold, tier));
    }

    /** The prices in force today: a plain object, or the last of a list whose start date has come. */
    private Map<?, ?> current(Object prices) {
        if (prices instanceof Map<?, ?> m) {
            return m.isEmpty() ? null : m;
        }
        if (!(prices instanceof List<?> list)) {
            return null;
        }
        Map<?, ?> chosen = null;
        Map<?, ?> first = null;
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> conditional) || !(conditional.get("prices") instanceof Map<?, ?> p)) {
                continue;
            }
            first = first == null ? p : first;
            Object constraint = conditional.get("constraint");
            if (constraint == null) {
                chosen = p;
            } else if (constraint instanceof Map<?, ?> c && c.get("start") instanceof String start) {
                if (!startsAfterToday(start)) {
                    chosen = p;
                }
            } else {
                out.note("models whose time-of-day prices (off-peak) are left out");
            }
        }
        // genai-prices: the last price whose constraint holds; none holding, the first.
        Map<?, ?> p = chosen != null ? chosen : first;
        return p == null || p.isEmpty() ? null : p;
    }

    private boolean startsAfterToday(String start) {
        try {
            LocalDate day = start.length() <= 10 ? LocalDate.parse(start) : OffsetDateTime.parse(start).toLocalDate();
            return day.isAfter(today);
        } catch (DateTimeParseException e) {
            return true;
        }
    }

    /** {@code equals} values, and {@code starts_with} values that are whole names, anywhere but under {@code and}. */
    private static void aliases(Object clause, List<String> into) {
        if (!(clause instanceof Map<?, ?> c)) {
            return;
        }
        if (c.get("equals") instanceof String s) {
            into.add(s);
        }
        if (c.get("starts_with") instanceof String s && !s.isEmpty()
                && Character.isLetterOrDigit(s.charAt(s.length() - 1))) {
            into.add(s);
        }
        if (c.get("or") instanceof List<?> any) {
            for (Object o : any) {
                aliases(o, into);
            }
        }
    }

    /** genai-prices' match clauses, evaluated on a lower-cased name. */
    static boolean matches(Object clause, String name) {
        if (!(clause instanceof Map<?, ?> c)) {
            return false;
        }
        if (c.get("equals") instanceof String s) {
            return name.equals(s.toLowerCase(java.util.Locale.ROOT));
        }
        if (c.get("starts_with") instanceof String s) {
            return name.startsWith(s.toLowerCase(java.util.Locale.ROOT));
        }
        if (c.get("ends_with") instanceof String s) {
            return name.endsWith(s.toLowerCase(java.util.Locale.ROOT));
        }
        if (c.get("contains") instanceof String s) {
            return name.contains(s.toLowerCase(java.util.Locale.ROOT));
        }
        if (c.get("regex") instanceof String s) {
            try {
                return Pattern.compile(s).matcher(name).find();
            } catch (PatternSyntaxException e) {
                return false;
            }
        }
        if (c.get("or") instanceof List<?> any) {
            for (Object o : any) {
                if (matches(o, name)) {
                    return true;
                }
            }
            return false;
        }
        if (c.get("and") instanceof List<?> all) {
            for (Object o : all) {
                if (!matches(o, name)) {
                    return false;
                }
            }
            return !all.isEmpty();
        }
        return false;
    }

    /**
     * A value of the price list with its numbers as {@code BigDecimal} (the shared JSON reader gives whole numbers
     * as integers), anything else as null: typed {@code Object} so that callers match it with a pattern.
     */
    private static Object decimal(Object v) {
        if (v instanceof BigDecimal d) {
            return d;
        }
        if (v instanceof Long l) {
            return BigDecimal.valueOf(l);
        }
        return v instanceof BigInteger i ? new BigDecimal(i) : null;
    }
}
