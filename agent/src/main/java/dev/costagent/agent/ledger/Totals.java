package dev.costagent.agent.ledger;

/**
 * Summed figures of a set of calls, as the report shows them. {@code cacheWrite} counts both write lifetimes.
 */
public record Totals(long calls, long input, long output, long cacheRead, long cacheWrite, long picos) {

    public static final Totals ZERO = new Totals(0, 0, 0, 0, 0, 0);

    public Totals plus(Totals o) {
        return new Totals(calls + o.calls, input + o.input, output + o.output, cacheRead + o.cacheRead,
                cacheWrite + o.cacheWrite, picos + o.picos);
    }
}
