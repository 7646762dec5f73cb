package dev.costagent.agent.cli;

import dev.costagent.agent.pricing.ModelPrice;
import dev.costagent.agent.pricing.PriceCatalog;
import dev.costagent.agent.pricing.Rates;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What changed between two catalogs, model by model: added, removed, and changed prices (the prices the agent
 * would charge, so a cache price that falls back to {@code input} compares as that), tier and provider.
 */
final class CatalogDiff {

    private CatalogDiff() {
    }

    static List<String> lines(PriceCatalog old, PriceCatalog neu) {
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        int same = 0;
        TreeSet<String> ids = new TreeSet<>(old.models().keySet());
        ids.addAll(neu.models().keySet());
        for (String id : ids) {
            ModelPrice a = old.models().get(id);
            ModelPrice b = neu.models().get(id);
            if (a == null) {
                added.add("  + " + id + " (" + b.provider() + "): " + describe(b));
            } else if (b == null) {
                removed.add("  - " + id + " (" + a.provider() + "): " + describe(a));
            } else {
                List<String> what = changes(a, b);
                if (what.isEmpty()) {
                    same++;
                } else {
                    changed.add("  ~ " + id + ": " + String.join(", ", what));
                }
            }
        }
        List<String> out = new ArrayList<>();
        out.add("Old: " + old.source() + " (" + old.models().size() + " models, prices checked "
                + (old.pricesChecked() == null ? "-" : old.pricesChecked()) + ")");
        out.add("New: " + neu.source() + " (" + neu.models().size() + " models, prices checked "
                + (neu.pricesChecked() == null ? "-" : neu.pricesChecked()) + ")");
        out.add("USD per million tokens. " + added.size() + " added, " + removed.size() + " removed, " + changed.size()
                + " changed, " + same + " unchanged.");
        section(out, "Changed", changed);
        section(out, "Added", added);
        section(out, "Removed", removed);
        return out;
    }

    private static void section(List<String> out, String title, List<String> lines) {
        if (!lines.isEmpty()) {
            out.add("");
            out.add(title + ":");
            out.addAll(lines);
        }
    }

    private static List<String> changes(ModelPrice a, ModelPrice b) {
        List<String> out = new ArrayList<>();
        if (!a.provider().equals(b.provider())) {
            out.add("provider " + a.provider() + " -> " + b.provider());
        }
        rates(out, "", a.base(), b.base());
        if (a.tier() == null && b.tier() != null) {
            out.add("long-context tier added (above " + b.tierThreshold() + ": " + rates(b.tier()) + ")");
        } else if (a.tier() != null && b.tier() == null) {
            out.add("long-context tier removed");
        } else if (a.tier() != null) {
            if (a.tierThreshold() != b.tierThreshold()) {
                out.add("long-context threshold " + a.tierThreshold() + " -> " + b.tierThreshold());
            }
            rates(out, "long-context ", a.tier(), b.tier());
        }
        return out;
    }

    private static void rates(List<String> out, String prefix, Rates a, Rates b) {
        long[] x = values(a);
        long[] y = values(b);
        for (int i = 0; i < x.length; i++) {
            if (x[i] != y[i]) {
                out.add(prefix + NAMES[i] + " " + perMillion(x[i]) + " -> " + perMillion(y[i]));
            }
        }
    }

    private static final String[] NAMES = {"input", "output", "cache_read", "cache_write", "cache_write_1h"};

    private static long[] values(Rates r) {
        return new long[] {r.input(), r.output(), r.cacheRead(), r.cacheWrite(), r.cacheWrite1h()};
    }

    private static String describe(ModelPrice m) {
        return rates(m.base()) + (m.tier() == null ? "" : "; above " + m.tierThreshold() + ": " + rates(m.tier()));
    }

    private static String rates(Rates r) {
        long[] v = values(r);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ", ").append(NAMES[i]).append(' ').append(perMillion(v[i]));
        }
        return b.toString();
    }

    /** Picodollars per token as USD per million tokens, exactly. */
    static String perMillion(long picosPerToken) {
        BigDecimal d = BigDecimal.valueOf(picosPerToken, 6).stripTrailingZeros();
        return (d.scale() < 0 ? d.setScale(0) : d).toPlainString();
    }

}
