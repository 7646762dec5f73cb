package dev.costagent.agent.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The settings as given, each with where it came from, after precedence (agent argument, then system property,
 * then environment), and the parsers every key's value goes through, so that each refusal reads the same way:
 * {@code cost-agent: invalid configuration: store.timeout='2 s' (from -Dcostagent.store.timeout): expected ...}.
 *
 * <p>The core's keys are parsed by {@link ConfigLoader}; each integration parses its own keys from here while the
 * agent installs, before {@code main}, so a bad value stops the JVM like any other.
 */
public final class Settings {

    /** A value and where it came from, for messages. */
    public record Setting(String value, String origin) {
    }

    private final Map<Key, Setting> chosen;

    Settings(Map<Key, Setting> chosen) {
        this.chosen = new EnumMap<>(Key.class);
        this.chosen.putAll(chosen);
    }

    /**
     * Settings that a caller other than the installer gathered (the command line's {@code --store}), each with its
     * origin, so that their values are parsed and refused by the same rules and in the same words.
     */
    public static Settings of(Map<Key, Setting> given) {
        return new Settings(given);
    }

    /** No setting at all: every key at its default. */
    public static Settings none() {
        return new Settings(Map.of());
    }

    /** Whether the key was given at all. */
    public boolean has(Key k) {
        return chosen.containsKey(k);
    }

    /** The key's setting, or null when it was not given. */
    public Setting get(Key k) {
        return chosen.get(k);
    }

    /** The key's value, trimmed, or null when it was not given. */
    public String text(Key k) {
        Setting s = chosen.get(k);
        return s == null ? null : s.value().trim();
    }

    /** The key's value, trimmed and not empty, or null when it was not given. */
    public String nonEmpty(Key k, String expected) throws ConfigException {
        String v = text(k);
        if (v != null && v.isEmpty()) {
            throw invalid(k, expected);
        }
        return v;
    }

    /** {@code true} or {@code false}, any case. */
    public boolean bool(Key k, boolean otherwise) throws ConfigException {
        String v = text(k);
        if (v == null) {
            return otherwise;
        }
        String l = v.toLowerCase(Locale.ROOT);
        if (!l.equals("true") && !l.equals("false")) {
            throw invalid(k, "true or false");
        }
        return l.equals("true");
    }

    /** A non-negative amount of US dollars, at most 1,000,000 with at most 12 decimals; null when not given. */
    public BigDecimal usd(Key k) throws ConfigException {
        String v = text(k);
        return v == null ? null : usd(k, v);
    }

    /**
     * Parses a dollar amount given while the program runs (a budget set over JMX) by the rules of {@code k}, so that
     * it is refused exactly as the same value given at start-up would be.
     *
     * @param origin where it came from, for the refusal ({@code JMX setBudget})
     */
    public static BigDecimal usd(Key k, String value, String origin) throws ConfigException {
        Settings one = new Settings(Map.of(k, new Setting(value, origin)));
        return one.usd(k);
    }

    BigDecimal usd(Key k, String v) throws ConfigException {
        BigDecimal d;
        try {
            d = new BigDecimal(v.startsWith("$") ? v.substring(1) : v);
        } catch (NumberFormatException e) {
            throw invalid(k, "a non-negative number of US dollars, e.g. 5 or 0.50");
        }
        if (d.signum() < 0) {
            throw invalid(k, "a non-negative number of US dollars, e.g. 5 or 0.50");
        }
        if (d.compareTo(BigDecimal.valueOf(1_000_000)) > 0 || d.stripTrailingZeros().scale() > 12) {
            throw invalid(k, "US dollars up to 1000000 with at most 12 decimals");
        }
        return d;
    }

    /** A whole number in {@code [min, max]}. */
    public long number(Key k, long min, long max, long otherwise) throws ConfigException {
        String v = text(k);
        if (v == null) {
            return otherwise;
        }
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw invalid(k, "a whole number from " + min + " to " + max);
        }
        if (n < min || n > max) {
            throw invalid(k, "a whole number from " + min + " to " + max);
        }
        return n;
    }

    /**
     * A duration: a whole number with a unit, {@code ms}, {@code s} or {@code m} ({@code 500ms}, {@code 2s},
     * {@code 1m}); a plain number is milliseconds, as in the OpenTelemetry agent's settings.
     */
    public Duration duration(Key k, Duration min, Duration max, Duration otherwise) throws ConfigException {
        String v = text(k);
        if (v == null) {
            return otherwise;
        }
        String expected = "a duration from " + shown(min) + " to " + shown(max) + " such as 500ms, 2s or 1m";
        Duration d = parseDuration(v.toLowerCase(Locale.ROOT));
        if (d == null) {
            throw invalid(k, expected);
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw invalid(k, expected);
        }
        return d;
    }

    private static Duration parseDuration(String v) {
        int digits = 0;
        while (digits < v.length() && Character.isDigit(v.charAt(digits))) {
            digits++;
        }
        if (digits == 0 || digits > 9) {
            return null;
        }
        long n = Long.parseLong(v.substring(0, digits));
        return switch (v.substring(digits)) {
            case "", "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> null;
        };
    }

    private static String shown(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms != 0 && ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    /** The refusal of the key's value: one line naming key, value (a secret hidden), origin and expectation. */
    public ConfigException invalid(Key k, String expected) {
        Setting s = chosen.get(k);
        String value = s == null ? "" : k.shown(s.value());
        String origin = s == null ? "default" : s.origin();
        return new ConfigException("cost-agent: invalid configuration: " + k.arg() + "='" + value + "' (from "
                + origin + "): expected " + expected);
    }
}
