package dev.costagent.agent.value;

import java.math.BigDecimal;

/**
 * The agent's fixed-point money unit: one picodollar (10^-12 USD) held in a {@code long}.
 *
 * <p>Catalog prices are USD per million tokens with at most six decimals, so a price per token is a whole
 * number of picodollars and {@code tokens x price} never rounds. A {@code long} holds about 9.2 million
 * dollars, far beyond any run; overflow is detected, never wrapped.
 */
public final class Money {

    /** Picodollars per dollar. */
    public static final long PICOS_PER_USD = 1_000_000_000_000L;

    public static final int SCALE = 12;

    private Money() {
    }

    /** Exact dollars for a picodollar amount, without trailing zeros and never in exponent form when printed plain. */
    public static BigDecimal usd(long picos) {
        BigDecimal d = BigDecimal.valueOf(picos, SCALE).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0) : d;
    }

    /**
     * Picodollars for a dollar amount.
     *
     * @throws ArithmeticException when the amount has more than 12 decimals or does not fit
     */
    public static long picos(BigDecimal usd) {
        return usd.movePointRight(SCALE).longValueExact();
    }
}
