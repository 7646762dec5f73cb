package dev.costagent.agent.pricing;

import dev.costagent.agent.value.TokenCounts;

/**
 * Prices of the five token classes, in picodollars per token (see {@link Money}).
 */
public record Rates(long input, long cacheRead, long cacheWrite, long cacheWrite1h, long output) {

    /**
     * The cost of the given tokens at these rates, in picodollars.
     *
     * @throws ArithmeticException if the cost does not fit a long (about 9.2 million dollars)
     */
    public long cost(TokenCounts t) {
        long c = Math.multiplyExact(t.input(), input);
        c = Math.addExact(c, Math.multiplyExact(t.cacheRead(), cacheRead));
        c = Math.addExact(c, Math.multiplyExact(t.cacheWrite(), cacheWrite));
        c = Math.addExact(c, Math.multiplyExact(t.cacheWrite1h(), cacheWrite1h));
        return Math.addExact(c, Math.multiplyExact(t.output(), output));
    }
}
