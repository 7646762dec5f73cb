package dev.costagent.agent.cli;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;

/**
 * Writes imported models as a catalog in the agent's format (SPEC section 5, {@code models_catalog.yaml}): names
 * double-quoted (a model id may hold {@code :} or {@code @}), prices as exact decimals with at least two places.
 */
final class CatalogYaml {

    private CatalogYaml() {
    }

    static String render(PriceImport imported, String source, LocalDate checked) {
        StringBuilder b = new StringBuilder();
        b.append("# cost-agent model catalog: list prices in USD per 1,000,000 tokens.\n");
        b.append("# Imported by `java -jar cost-agent.jar prices import` from the ").append(imported.format)
                .append(" price list\n# ").append(comment(source)).append(" on ").append(checked).append(".\n");
        b.append("# ").append(imported.models.size()).append(" models kept, ").append(imported.skippedCount())
                .append(" skipped (see the import's summary). A missing cache price falls back to input.\n");
        b.append("prices_checked: ").append(checked).append('\n');
        b.append("currency: USD\n\ncatalog:\n");
        for (ImportedModel m : imported.models) {
            b.append("  - id: ").append(quoted(m.id())).append('\n');
            b.append("    provider: ").append(quoted(m.provider())).append('\n');
            if (!m.aliases().isEmpty()) {
                b.append("    aliases: [");
                for (int i = 0; i < m.aliases().size(); i++) {
                    b.append(i == 0 ? "" : ", ").append(quoted(m.aliases().get(i)));
                }
                b.append("]\n");
            }
            b.append("    pricing: {").append(prices(m.base())).append("}\n");
            if (m.tier() != null) {
                b.append("    long_context: {threshold: ").append(m.threshold()).append(", ").append(prices(m.tier()))
                        .append("}\n");
            }
        }
        return b.toString();
    }

    private static String prices(Map<String, BigDecimal> prices) {
        StringBuilder b = new StringBuilder();
        for (String key : ImportedModel.KEYS) {
            BigDecimal v = prices.get(key);
            if (v != null) {
                b.append(b.length() == 0 ? "" : ", ").append(key).append(": ").append(decimal(v));
            }
        }
        return b.toString();
    }

    /** {@code 3} as {@code 3.00}, {@code 0.125} as is: how the bundled catalog writes prices. */
    static String decimal(BigDecimal v) {
        return v.setScale(Math.max(2, v.scale())).toPlainString();
    }

    /** A YAML double-quoted scalar. */
    static String quoted(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || c == '\u0085') {
                String hex = Integer.toHexString(c);
                b.append("\\u").append("0000", hex.length(), 4).append(hex);
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static String comment(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }
}
