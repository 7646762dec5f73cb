package dev.costagent.agent.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.costagent.agent.value.ResponseUsage;
import dev.costagent.agent.value.TokenCounts;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ResponseUsage} and {@link TokenCounts} write out their {@code equals}/{@code hashCode}/{@code toString}:
 * each is compared with a record of the same components that keeps the generated ones.
 */
class UsageRecordMethodsTest {

    private record GeneratedCounts(long input, long cacheRead, long cacheWrite, long cacheWrite1h, long output) {
    }

    private record GeneratedUsage(String model, String provider, TokenCounts tokens, boolean batch) {
    }

    private static final List<TokenCounts> COUNTS = List.of(new TokenCounts(1, 2, 3, 4, 5),
            new TokenCounts(0, 2, 3, 4, 5), new TokenCounts(1, 0, 3, 4, 5), new TokenCounts(1, 2, 0, 4, 5),
            new TokenCounts(1, 2, 3, 0, 5), new TokenCounts(1, 2, 3, 4, 0), new TokenCounts(1L << 50, 0, 0, 0, 7),
            TokenCounts.ZERO);

    @Test
    void tokenCountsCompareHashAndPrintAsTheGeneratedRecordMethodsDid() {
        for (TokenCounts t : COUNTS) {
            GeneratedCounts generated = new GeneratedCounts(t.input(), t.cacheRead(), t.cacheWrite(),
                    t.cacheWrite1h(), t.output());
            assertEquals(t, new TokenCounts(t.input(), t.cacheRead(), t.cacheWrite(), t.cacheWrite1h(), t.output()));
            assertEquals(generated.hashCode(), t.hashCode());
            assertEquals(generated.toString().replace("GeneratedCounts[", "TokenCounts["), t.toString());
            for (TokenCounts other : COUNTS) {
                if (other != t) {
                    assertNotEquals(t, other);
                }
            }
        }
        assertNotEquals(TokenCounts.ZERO, null);
    }

    @Test
    void responseUsagesCompareHashAndPrintAsTheGeneratedRecordMethodsDid() {
        TokenCounts t = COUNTS.get(0);
        List<ResponseUsage> variants = List.of(new ResponseUsage("m", "anthropic", t),
                new ResponseUsage("m", "anthropic", t).asBatch(), new ResponseUsage("n", "anthropic", t),
                new ResponseUsage("m", "openai", t), new ResponseUsage("m", "anthropic", COUNTS.get(1)),
                new ResponseUsage(null, null, null, false));
        for (ResponseUsage u : variants) {
            GeneratedUsage generated = new GeneratedUsage(u.model(), u.provider(), u.tokens(), u.batch());
            assertEquals(u, new ResponseUsage(u.model(), u.provider(), u.tokens(), u.batch()));
            assertEquals(generated.hashCode(), u.hashCode());
            assertEquals(generated.toString().replace("GeneratedUsage[", "ResponseUsage["), u.toString());
            for (ResponseUsage other : variants) {
                if (other != u) {
                    assertNotEquals(u, other);
                }
            }
        }
        // Equal counts in distinct objects: equal usages.
        assertEquals(new ResponseUsage("m", "p", new TokenCounts(1, 2, 3, 4, 5)),
                new ResponseUsage("m", "p", new TokenCounts(1, 2, 3, 4, 5)));
    }
}
