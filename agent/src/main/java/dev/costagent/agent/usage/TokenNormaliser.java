package dev.costagent.agent.usage;

import dev.costagent.agent.value.TokenCounts;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Turns the raw figures of a usage object into {@link TokenCounts}, the same way whatever shape they came from.
 *
 * <p>A figure travels as a {@code long}: the count itself (never negative), or {@link #ABSENT} when the field is
 * missing or null, or {@link #INVALID} when it holds something that is not a token count. One invalid figure
 * makes the whole usage unreadable: pricing half of a garbled usage would report a cost nobody can trust, while
 * an unreadable one is counted as unmetered and warned about.
 *
 * <p>Rules (SPEC section 4, "Token classes"):
 * <ul>
 *   <li>A count is an integral, non-negative number no greater than {@link #MAX_COUNT}: {@code Integer},
 *       {@code Long}, {@code Short}, {@code Byte}, {@code BigInteger}, an integral {@code Double}/{@code Float}/
 *       {@code BigDecimal} ({@code 12.0}, as JSON libraries that parse every number as a double produce), or a
 *       string of ASCII digits. Anything else is invalid: a negative or fractional number, {@code NaN}, another
 *       string, a boolean, a nested object.</li>
 *   <li>A usage is readable when no figure is invalid and at least one is present. Missing figures count 0.</li>
 *   <li>Anthropic: {@code input_tokens} already excludes the cache. {@code cache_creation_input_tokens} is split
 *       by the {@code cache_creation} object when present: the 1-hour share is {@code ephemeral_1h_input_tokens};
 *       the 5-minute share is {@code ephemeral_5m_input_tokens}, raised to the part of the total that the split
 *       does not account for. So a total larger than the split puts the remainder into 5-minute writes (the
 *       default lifetime), and a total smaller than the split is ignored in favour of the itemised split. Without
 *       the object every creation token is a 5-minute write.</li>
 *   <li>OpenAI: the prompt (or Responses {@code input_tokens}) includes the cached tokens and the cache writes, so
 *       uncached input = prompt − cached − written. When the details exceed the prompt, the cached and written
 *       figures are kept as reported and uncached input is 0 rather than negative. Output includes reasoning.</li>
 * </ul>
 */
// Thread-safety: stateless.
public final class TokenNormaliser {

    /** The field is missing or null. */
    public static final long ABSENT = -1;
    /** The field holds something that is not a token count. */
    public static final long INVALID = -2;
    /**
     * Far beyond any real call (2^50, about 10^15 tokens) and far enough below {@code Long.MAX_VALUE} that sums of
     * counts over a whole run cannot overflow.
     */
    public static final long MAX_COUNT = 1L << 50;

    private static final int MAX_DIGITS = 16; // MAX_COUNT has 16 digits; longer strings are rejected unparsed
    private static final BigDecimal MAX_DECIMAL = BigDecimal.valueOf(MAX_COUNT);

    private TokenNormaliser() {
    }

    /** A count from any value a usage field may hold; see the class comment for what is accepted. */
    public static long count(Object value) {
        if (value == null) {
            return ABSENT;
        }
        // The common boxed types first: this runs several times per tracked call.
        if (value instanceof Long l) {
            return count(l.longValue());
        }
        if (value instanceof Integer i) {
            return count(i.longValue());
        }
        if (value instanceof Double d) {
            return count(d.doubleValue());
        }
        if (value instanceof String s) {
            return count(s);
        }
        if (value instanceof Short || value instanceof Byte || value instanceof AtomicInteger
                || value instanceof AtomicLong || value instanceof LongAdder) {
            return count(((Number) value).longValue());
        }
        if (value instanceof Float f) {
            return count(f.doubleValue());
        }
        if (value instanceof BigInteger b) {
            return b.signum() >= 0 && b.bitLength() < Long.SIZE ? count(b.longValue()) : INVALID;
        }
        if (value instanceof BigDecimal b) {
            return count(b);
        }
        if (value instanceof CharSequence s) {
            return count(s.toString());
        }
        // Other Number types cannot be told integral or not without knowing them; a Boolean or object is no count.
        return INVALID;
    }

    public static long count(long value) {
        return value >= 0 && value <= MAX_COUNT ? value : INVALID;
    }

    private static long count(double value) {
        // Also rejects NaN: every comparison with it is false.
        return value >= 0 && value <= MAX_COUNT && value == Math.rint(value) ? (long) value : INVALID;
    }

    private static long count(BigDecimal value) {
        if (value.signum() < 0 || value.compareTo(MAX_DECIMAL) > 0) {
            return INVALID;
        }
        BigDecimal integral = value.scale() <= 0 ? value : value.stripTrailingZeros();
        return integral.scale() <= 0 ? integral.longValue() : INVALID;
    }

    private static long count(String value) {
        int length = value.length();
        if (length == 0 || length > MAX_DIGITS) {
            return INVALID;
        }
        long result = 0;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return INVALID;
            }
            result = result * 10 + (c - '0');
        }
        return count(result);
    }

    /**
     * Anthropic figures, where {@code input} excludes the cache.
     *
     * @param creation the {@code cache_creation_input_tokens} total
     * @param split5m  {@code cache_creation.ephemeral_5m_input_tokens}, ABSENT without the object
     * @param split1h  {@code cache_creation.ephemeral_1h_input_tokens}, ABSENT without the object
     * @return the counts, or null when the usage is unreadable
     */
    public static TokenCounts anthropic(long input, long cacheRead, long creation, long split5m, long split1h,
                                        long output) {
        if (input == INVALID || cacheRead == INVALID || creation == INVALID || split5m == INVALID
                || split1h == INVALID || output == INVALID) {
            return null;
        }
        if (input == ABSENT && cacheRead == ABSENT && creation == ABSENT && split5m == ABSENT && split1h == ABSENT
                && output == ABSENT) {
            return null;
        }
        long write1h = orZero(split1h);
        long write5m = Math.max(orZero(split5m), orZero(creation) - write1h);
        return new TokenCounts(orZero(input), orZero(cacheRead), write5m, write1h, orZero(output));
    }

    /**
     * OpenAI figures, where {@code prompt} includes the cached and the written tokens.
     *
     * @param prompt     {@code prompt_tokens} or Responses {@code input_tokens}
     * @param cached     {@code cached_tokens} of the prompt/input details
     * @param cacheWrite {@code cache_write_tokens} of the prompt/input details
     * @param output     {@code completion_tokens} or {@code output_tokens}, reasoning included
     * @return the counts, or null when the usage is unreadable
     */
    public static TokenCounts openAi(long prompt, long cached, long cacheWrite, long output) {
        if (prompt == INVALID || cached == INVALID || cacheWrite == INVALID || output == INVALID) {
            return null;
        }
        if (prompt == ABSENT && cached == ABSENT && cacheWrite == ABSENT && output == ABSENT) {
            return null;
        }
        long read = orZero(cached);
        long written = orZero(cacheWrite);
        long uncached = Math.max(0, orZero(prompt) - read - written); // each is at most MAX_COUNT: no overflow
        return new TokenCounts(uncached, read, written, 0, orZero(output));
    }

    private static long orZero(long figure) {
        return figure == ABSENT ? 0 : figure;
    }
}
