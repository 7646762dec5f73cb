package dev.costagent.agent.value;

/**
 * Token counts of one call in non-overlapping classes: every token of the call is in exactly one of them.
 * Providers report overlapping figures (OpenAI's {@code prompt_tokens} includes its cached tokens, Anthropic's
 * {@code input_tokens} does not); the {@link UsageReader} normalises them into this form before pricing.
 *
 * <p>{@code equals}, {@code hashCode} and {@code toString} are written out, with the results the generated ones
 * give, which bootstrap {@code ObjectMethods} through method handles on first use (start-up time).
 *
 * @param input        uncached input tokens
 * @param cacheRead    input tokens read from the prompt cache
 * @param cacheWrite   input tokens written to the cache with the default (5-minute) lifetime
 * @param cacheWrite1h input tokens written to the cache with the 1-hour lifetime
 * @param output       output tokens, reasoning/thinking tokens included
 */
public record TokenCounts(long input, long cacheRead, long cacheWrite, long cacheWrite1h, long output) {

    public static final TokenCounts ZERO = new TokenCounts(0, 0, 0, 0, 0);

    public TokenCounts {
        if (input < 0 || cacheRead < 0 || cacheWrite < 0 || cacheWrite1h < 0 || output < 0) {
            throw new IllegalArgumentException("token counts must not be negative: " + input + "/" + cacheRead
                    + "/" + cacheWrite + "/" + cacheWrite1h + "/" + output);
        }
    }

    /** All input tokens of the call, cached or not: what long-context tiers are decided on. */
    public long totalInput() {
        return input + cacheRead + cacheWrite + cacheWrite1h;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof TokenCounts t && input == t.input && cacheRead == t.cacheRead
                && cacheWrite == t.cacheWrite && cacheWrite1h == t.cacheWrite1h && output == t.output;
    }

    @Override
    public int hashCode() {
        int h = Long.hashCode(input);
        h = 31 * h + Long.hashCode(cacheRead);
        h = 31 * h + Long.hashCode(cacheWrite);
        h = 31 * h + Long.hashCode(cacheWrite1h);
        return 31 * h + Long.hashCode(output);
    }

    @Override
    public String toString() {
        return "TokenCounts[input=" + input + ", cacheRead=" + cacheRead + ", cacheWrite=" + cacheWrite
                + ", cacheWrite1h=" + cacheWrite1h + ", output=" + output + "]";
    }
}
