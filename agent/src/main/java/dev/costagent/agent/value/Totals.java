package dev.costagent.agent.value;

/**
 * Summed figures of a set of calls, as the report shows them. {@code cacheWrite} counts both write lifetimes.
 *
 * <p>{@code equals}, {@code hashCode} and {@code toString} are written out, with the results the generated ones
 * give, which bootstrap {@code ObjectMethods} through method handles on first use (start-up time).
 */
public record Totals(long calls, long input, long output, long cacheRead, long cacheWrite, long picos) {

    public static final Totals ZERO = new Totals(0, 0, 0, 0, 0, 0);

    public Totals plus(Totals o) {
        return new Totals(calls + o.calls, input + o.input, output + o.output, cacheRead + o.cacheRead,
                cacheWrite + o.cacheWrite, picos + o.picos);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof Totals t && calls == t.calls && input == t.input && output == t.output
                && cacheRead == t.cacheRead && cacheWrite == t.cacheWrite && picos == t.picos;
    }

    @Override
    public int hashCode() {
        int h = Long.hashCode(calls);
        h = 31 * h + Long.hashCode(input);
        h = 31 * h + Long.hashCode(output);
        h = 31 * h + Long.hashCode(cacheRead);
        h = 31 * h + Long.hashCode(cacheWrite);
        return 31 * h + Long.hashCode(picos);
    }

    @Override
    public String toString() {
        return "Totals[calls=" + calls + ", input=" + input + ", output=" + output + ", cacheRead=" + cacheRead
                + ", cacheWrite=" + cacheWrite + ", picos=" + picos + "]";
    }
}
