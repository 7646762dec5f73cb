package dev.costagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RunIdsTest {

    @Test
    void theIdIsTheUtcStartSecondAndSixHexDigits() {
        assertEquals("20261122T081205Z-4f2a9c", RunIds.of(Instant.parse("2026-11-22T08:12:05.999Z"), 0x4f2a9c));
        assertEquals("19700101T000000Z-000000", RunIds.of(Instant.EPOCH, 0));
        assertEquals("20000229T235959Z-00000f", RunIds.of(Instant.parse("2000-02-29T23:59:59Z"), 15));
        assertEquals("20991231T010203Z-ffffff", RunIds.of(Instant.parse("2099-12-31T01:02:03Z"), -1));
    }

    @Test
    void itMatchesTheFormatterForManyInstants() {
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextInt(Integer.MAX_VALUE), random.nextInt(1_000_000_000));
            int r = random.nextInt(1 << 24);
            assertEquals(f.format(t) + "-" + String.format("%06x", r), RunIds.of(t, r));
        }
        assertTrue(RunIds.next(Instant.now()).matches("\\d{8}T\\d{6}Z-[0-9a-f]{6}"));
    }
}
