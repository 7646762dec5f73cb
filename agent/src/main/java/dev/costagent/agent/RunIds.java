package dev.costagent.agent;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Run ids such as {@code 20261122T081205Z-4f2a9c}: the start time in UTC and 24 random bits. Written digit by
 * digit rather than with {@code DateTimeFormatter} and {@code String.format}, whose classes would load while the
 * host starts.
 */
final class RunIds {

    private RunIds() {
    }

    static String next(Instant started) {
        return of(started, ThreadLocalRandom.current().nextInt(1 << 24));
    }

    static String of(Instant started, int random) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(started.getEpochSecond(), 0, ZoneOffset.UTC);
        StringBuilder b = new StringBuilder(22);
        digits(b, t.getYear(), 4);
        digits(b, t.getMonthValue(), 2);
        digits(b, t.getDayOfMonth(), 2);
        b.append('T');
        digits(b, t.getHour(), 2);
        digits(b, t.getMinute(), 2);
        digits(b, t.getSecond(), 2);
        b.append("Z-");
        String hex = Integer.toHexString(random & 0xFFFFFF);
        b.append("000000", 0, 6 - hex.length()).append(hex);
        return b.toString();
    }

    private static void digits(StringBuilder b, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            b.append('0');
        }
        b.append(s);
    }
}
