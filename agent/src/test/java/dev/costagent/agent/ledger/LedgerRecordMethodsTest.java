package dev.costagent.agent.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.costagent.agent.value.Totals;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link CostLedger.Key} and {@link Totals} write out their {@code equals}/{@code hashCode}/{@code toString}: each
 * is compared with a record of the same components that keeps the generated ones.
 */
class LedgerRecordMethodsTest {

    private record GeneratedKey(String stage, String model, String provider, String operation, boolean priced) {
    }

    private record GeneratedTotals(long calls, long input, long output, long cacheRead, long cacheWrite, long picos) {
    }

    @Test
    void keysCompareHashAndPrintAsTheGeneratedRecordMethodsDid() {
        List<Object[]> variants = List.of(
                new Object[] {"stage", "gpt-4o", "openai", "op", true},
                new Object[] {"stage", "gpt-4o", "openai", "op", false},
                new Object[] {"other", "gpt-4o", "openai", "op", true},
                new Object[] {"stage", "claude", "openai", "op", true},
                new Object[] {"stage", "gpt-4o", "azure", "op", true},
                new Object[] {"stage", "gpt-4o", "openai", "op2", true},
                new Object[] {null, null, null, null, false});
        for (Object[] a : variants) {
            CostLedger.Key key = key(a);
            GeneratedKey generated = new GeneratedKey((String) a[0], (String) a[1], (String) a[2], (String) a[3],
                    (Boolean) a[4]);
            assertEquals(key, key(a.clone()));
            assertEquals(generated.hashCode(), key.hashCode());
            assertEquals(generated.toString().replace("GeneratedKey[", "Key["), key.toString());
            for (Object[] b : variants) {
                if (b != a) {
                    assertNotEquals(key, key(b));
                }
            }
        }
        assertNotEquals(key(variants.get(0)), "stage");
        assertNotEquals(key(variants.get(0)), null);
    }

    @Test
    void totalsCompareHashAndPrintAsTheGeneratedRecordMethodsDid() {
        long[][] variants = {{1, 2, 3, 4, 5, 6}, {0, 2, 3, 4, 5, 6}, {1, 0, 3, 4, 5, 6}, {1, 2, 0, 4, 5, 6},
                {1, 2, 3, 0, 5, 6}, {1, 2, 3, 4, 0, 6}, {1, 2, 3, 4, 5, 0}, {Long.MAX_VALUE, -1, 1L << 40, 0, 0, 7}};
        for (long[] a : variants) {
            Totals totals = totals(a);
            GeneratedTotals generated = new GeneratedTotals(a[0], a[1], a[2], a[3], a[4], a[5]);
            assertEquals(totals, totals(a.clone()));
            assertEquals(generated.hashCode(), totals.hashCode());
            assertEquals(generated.toString().replace("GeneratedTotals[", "Totals["), totals.toString());
            for (long[] b : variants) {
                if (b != a) {
                    assertNotEquals(totals, totals(b));
                }
            }
        }
        assertEquals(Totals.ZERO, totals(new long[6]));
    }

    private static CostLedger.Key key(Object[] a) {
        return new CostLedger.Key((String) a[0], (String) a[1], (String) a[2], (String) a[3], (Boolean) a[4]);
    }

    private static Totals totals(long[] a) {
        return new Totals(a[0], a[1], a[2], a[3], a[4], a[5]);
    }
}
