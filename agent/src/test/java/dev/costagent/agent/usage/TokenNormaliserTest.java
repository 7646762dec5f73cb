package dev.costagent.agent.usage;

import static dev.costagent.agent.usage.TokenNormaliser.ABSENT;
import static dev.costagent.agent.usage.TokenNormaliser.INVALID;
import static dev.costagent.agent.usage.TokenNormaliser.MAX_COUNT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.costagent.agent.value.TokenCounts;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TokenNormaliserTest {

    @Test
    void integralNumbersOfEveryBoxedTypeAreCounts() {
        assertEquals(7, TokenNormaliser.count(7));
        assertEquals(7, TokenNormaliser.count(7L));
        assertEquals(7, TokenNormaliser.count((short) 7));
        assertEquals(7, TokenNormaliser.count((byte) 7));
        assertEquals(7, TokenNormaliser.count(7.0));
        assertEquals(7, TokenNormaliser.count(7.0f));
        assertEquals(7, TokenNormaliser.count(new BigDecimal("7.000")));
        assertEquals(700, TokenNormaliser.count(new BigDecimal("7E+2")));
        assertEquals(7, TokenNormaliser.count(BigInteger.valueOf(7)));
        assertEquals(7, TokenNormaliser.count(new AtomicInteger(7)));
        assertEquals(0, TokenNormaliser.count(0));
    }

    @Test
    void digitStringsAreCounts() {
        assertEquals(2048, TokenNormaliser.count("2048"));
        assertEquals(2048, TokenNormaliser.count(new StringBuilder("2048")));
        assertEquals(MAX_COUNT, TokenNormaliser.count(Long.toString(MAX_COUNT)));
    }

    @Test
    void nullIsAbsentNotInvalid() {
        assertEquals(ABSENT, TokenNormaliser.count(null));
    }

    @Test
    void anythingElseIsInvalid() {
        for (Object garbage : List.of(-1, -1L, -0.5, 0.5, 1.5f, Double.NaN, Double.POSITIVE_INFINITY,
                new BigDecimal("-1"), new BigDecimal("1.25"), BigInteger.TWO.pow(64), BigInteger.valueOf(-3),
                "", " 12", "12 ", "+12", "-12", "1e3", "12.0", "twelve", "99999999999999999999", true,
                Map.of("value", 1), List.of(1), Optional.of(1L), new Object(), MAX_COUNT + 1, Long.MAX_VALUE,
                Long.MIN_VALUE, (double) Long.MAX_VALUE)) {
            assertEquals(INVALID, TokenNormaliser.count(garbage), String.valueOf(garbage));
        }
    }

    @Test
    void anthropicSplitRemainderGoesToFiveMinuteWrites() {
        assertEquals(new TokenCounts(1, 2, 350, 150, 3), TokenNormaliser.anthropic(1, 2, 500, 100, 150, 3));
    }

    @Test
    void anthropicSplitLargerThanTheTotalIsTrusted() {
        assertEquals(new TokenCounts(1, 2, 100, 150, 3), TokenNormaliser.anthropic(1, 2, 50, 100, 150, 3));
    }

    @Test
    void anthropicOneHourOnlySplitLeavesTheRestAsFiveMinuteWrites() {
        assertEquals(new TokenCounts(1, 0, 60, 40, 3), TokenNormaliser.anthropic(1, ABSENT, 100, ABSENT, 40, 3));
    }

    @Test
    void anthropicWithoutSplitIsAllFiveMinuteWrites() {
        assertEquals(new TokenCounts(1, 0, 100, 0, 3), TokenNormaliser.anthropic(1, ABSENT, 100, ABSENT, ABSENT, 3));
    }

    @Test
    void openAiUncachedInputIsThePromptLessItsCacheFigures() {
        assertEquals(new TokenCounts(12, 2048, 0, 0, 150), TokenNormaliser.openAi(2060, 2048, ABSENT, 150));
        assertEquals(new TokenCounts(2, 2048, 10, 0, 150), TokenNormaliser.openAi(2060, 2048, 10, 150));
    }

    @Test
    void openAiCacheFiguresBeyondThePromptClampUncachedInputToZero() {
        assertEquals(new TokenCounts(0, 90, 20, 0, 1), TokenNormaliser.openAi(100, 90, 20, 1));
        assertEquals(new TokenCounts(0, MAX_COUNT, MAX_COUNT, 0, 0),
                TokenNormaliser.openAi(0, MAX_COUNT, MAX_COUNT, ABSENT));
    }

    @Test
    void anyInvalidFigureOrNoFigureAtAllIsUnreadable() {
        assertNull(TokenNormaliser.openAi(INVALID, 0, 0, 1));
        assertNull(TokenNormaliser.openAi(5, 0, INVALID, 1));
        assertNull(TokenNormaliser.openAi(ABSENT, ABSENT, ABSENT, ABSENT));
        assertNull(TokenNormaliser.anthropic(1, 2, 3, 4, INVALID, 6));
        assertNull(TokenNormaliser.anthropic(ABSENT, ABSENT, ABSENT, ABSENT, ABSENT, ABSENT));
    }

    @Test
    void missingFiguresCountZero() {
        assertEquals(new TokenCounts(0, 0, 0, 0, 9), TokenNormaliser.anthropic(ABSENT, ABSENT, ABSENT, ABSENT,
                ABSENT, 9));
        assertEquals(new TokenCounts(9, 0, 0, 0, 0), TokenNormaliser.openAi(9, ABSENT, ABSENT, ABSENT));
    }
}
