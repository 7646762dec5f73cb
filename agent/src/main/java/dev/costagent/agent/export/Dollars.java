package dev.costagent.agent.export;

import dev.costagent.agent.value.Money;

/**
 * Money as metrics show it: a {@code double} of US dollars, made from exact picodollars only here, at the edge.
 *
 * <p>The conversion is correctly rounded: below 2^53 picodollars (about $9,007) a {@code long} converts to a
 * {@code double} exactly and the one division rounds once. So, for any amount under about $4,500, rounding the
 * {@code double} back to 12 decimals gives the exact picodollars again (its error is below half a picodollar):
 * that is how the tests compare an exported figure with the report's exact total.
 */
public final class Dollars {

    private static final long EXACT_LIMIT = 1L << 53;
    private static final double PICOS_PER_USD = Money.PICOS_PER_USD;

    private Dollars() {
    }

    public static double of(long picos) {
        if (picos > -EXACT_LIMIT && picos < EXACT_LIMIT) {
            return picos / PICOS_PER_USD;
        }
        return Money.usd(picos).doubleValue();
    }
}
