package dev.costagent.agent.pricing;

import dev.costagent.agent.value.TokenCounts;

/**
 * One catalog entry: a model's base prices and, optionally, its long-context tier.
 *
 * @param id            the catalog id, which reports use as the model's name
 * @param provider      the provider named in the catalog
 * @param base          prices below the long-context threshold
 * @param tierThreshold total input tokens above which (strictly) the tier applies; {@code Long.MAX_VALUE} for none
 * @param tier          the tier's prices, or null for none
 */
public record ModelPrice(String id, String provider, Rates base, long tierThreshold, Rates tier) {

    /** Prices a call: every token at the tier's prices when its total input is strictly above the threshold. */
    public long costPicos(TokenCounts tokens) {
        Rates rates = tier != null && tokens.totalInput() > tierThreshold ? tier : base;
        return rates.cost(tokens);
    }
}
