package dev.costagent.agent;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/** Run ids such as {@code 20261122T081205Z-4f2a9c}: the start time in UTC and 24 random bits. */
final class RunIds {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private RunIds() {
    }

    static String next(Instant started) {
        return STAMP.format(started) + "-" + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    }
}
