package dev.costagent.agent.pricing;

import java.util.List;
import java.util.Map;

/**
 * A parsed, validated model catalog.
 *
 * <p>Thread-safety: immutable.
 *
 * @param source        where it was read from (a path, or {@code bundled models_catalog.yaml})
 * @param pricesChecked the date the prices were last checked, as the file states it, or null
 * @param models        catalog id to entry
 * @param aliases       alias to catalog id
 * @param warnings      things worth a WARN that did not stop the load (unknown keys)
 */
public record PriceCatalog(String source, String pricesChecked, Map<String, ModelPrice> models,
                           Map<String, String> aliases, List<String> warnings) {

    public PriceCatalog {
        models = Map.copyOf(models);
        aliases = Map.copyOf(aliases);
        warnings = List.copyOf(warnings);
    }
}
