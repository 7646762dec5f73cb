package dev.costagent.agent.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.costagent.agent.sdk.SdkModules;
import dev.costagent.agent.value.ResponseUsage;
import dev.costagent.agent.value.TokenCounts;
import dev.costagent.fixtures.CollectingFaults;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Issue #4, point 6: {@value #SHAPES} random usage shapes, each read as a {@code Map} and, where it is plain JSON,
 * also as a Jackson {@code JsonNode}. Nothing may escape the reader; a reading is either "no usage" or counts that
 * are whole, non-negative and bounded; the two representations of one JSON body must read the same; and only the
 * hostile objects (a lookup that throws, a number that fails) may be reported as faults.
 *
 * <p>The seed is printed on failure; {@code -Dusage.seed=N} replays it.
 */
class UsageReaderFuzzTest {

    static final int SHAPES = 12_000;
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static final List<String> USAGE_KEYS = List.of("prompt_tokens", "completion_tokens", "total_tokens",
            "input_tokens", "output_tokens", "cache_read_input_tokens", "cache_creation_input_tokens", "cache_creation",
            "prompt_tokens_details", "input_tokens_details", "output_tokens_details", "completion_tokens_details",
            "server_tool_use", "service_tier", "reasoning_tokens");
    private static final List<String> DETAIL_KEYS = List.of("cached_tokens", "cache_write_tokens", "reasoning_tokens",
            "ephemeral_5m_input_tokens", "ephemeral_1h_input_tokens", "audio_tokens");

    private final CollectingFaults faults = new CollectingFaults();
    private final UsageReader reader = new UsageReader(SdkModules.ALL, faults);

    /** A generator of one shape; {@code hostile} is set when it put in an object that is not plain JSON. */
    private static final class Shapes {
        final Random random;
        boolean hostile;

        Shapes(Random random) {
            this.random = random;
        }

        Map<String, Object> root() {
            Map<String, Object> root = random.nextInt(20) == 0 ? hostileMap() : new LinkedHashMap<>();
            if (random.nextInt(4) > 0) {
                root.put("model", random.nextInt(5) > 0 ? pick("claude-sonnet-4-5", "gpt-4o-mini-2024-07-18", "", "x")
                        : value(2));
            }
            if (random.nextInt(10) > 0) {
                root.put("usage", random.nextInt(8) > 0 ? usage() : value(2));
            }
            if (random.nextInt(3) == 0) {
                root.put("id", value(1));
            }
            return root;
        }

        Map<String, Object> usage() {
            Map<String, Object> u = random.nextInt(25) == 0 ? hostileMap() : new LinkedHashMap<>();
            for (int n = random.nextInt(6); n > 0; n--) {
                String key = USAGE_KEYS.get(random.nextInt(USAGE_KEYS.size()));
                u.put(key, key.endsWith("_details") || key.equals("cache_creation") ? details() : count());
            }
            return u;
        }

        Object details() {
            if (random.nextInt(6) == 0) {
                return value(1);
            }
            Map<String, Object> d = new LinkedHashMap<>();
            for (int n = random.nextInt(4); n > 0; n--) {
                d.put(DETAIL_KEYS.get(random.nextInt(DETAIL_KEYS.size())), count());
            }
            return d;
        }

        /** Mostly plausible counts, often not. */
        Object count() {
            return switch (random.nextInt(10)) {
                case 0, 1, 2, 3 -> random.nextInt(5000);
                case 4 -> (long) random.nextInt(1 << 20);
                case 5 -> pick(0, -1, Integer.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 50, (1L << 50) + 1);
                case 6 -> pick(12.0, 12.5, -3.0, 1e300, -0.0, 4503599627370496.0);
                case 7 -> pick("12", "0012", "", "12a", "-5", "99999999999999999999", " 7", "\u0661\u0662");
                default -> value(2);
            };
        }

        /** Anything JSON can hold, and now and then something it cannot. */
        Object value(int depth) {
            int kind = random.nextInt(depth > 0 ? 14 : 11);
            return switch (kind) {
                case 0 -> null;
                case 1 -> random.nextBoolean();
                case 2 -> random.nextInt();
                case 3 -> random.nextLong();
                case 4 -> random.nextDouble() * 1e6;
                case 5 -> new BigDecimal(BigInteger.valueOf(random.nextLong()), random.nextInt(30) - 15);
                case 6 -> new BigInteger(100, random).negate().add(new BigInteger(90, random));
                case 7 -> randomText();
                case 8 -> nonJson();
                case 9 -> pick(Double.NaN, Double.POSITIVE_INFINITY, Float.NaN, 7.0f);
                case 10 -> "";
                case 11 -> {
                    List<Object> l = new ArrayList<>();
                    for (int n = random.nextInt(3); n > 0; n--) {
                        l.add(value(depth - 1));
                    }
                    yield l;
                }
                default -> {
                    Map<String, Object> m = new HashMap<>();
                    for (int n = random.nextInt(3); n > 0; n--) {
                        m.put(randomText(), value(depth - 1));
                    }
                    yield m;
                }
            };
        }

        String randomText() {
            StringBuilder b = new StringBuilder();
            for (int n = random.nextInt(8); n > 0; n--) {
                b.append((char) (random.nextInt(3) == 0 ? '0' + random.nextInt(10) : random.nextInt(0x3000)));
            }
            return b.toString();
        }

        /** Objects no JSON parser produces: numbers of odd types, and numbers that fail when read. */
        Object nonJson() {
            hostile = true;
            return switch (random.nextInt(5)) {
                case 0 -> new java.util.concurrent.atomic.AtomicLong(random.nextInt(100));
                case 1 -> (short) random.nextInt(100);
                case 2 -> new FailingNumber();
                case 3 -> new StringBuilder("42");
                default -> new Object();
            };
        }

        /** A map whose lookups fail, or are of the wrong key type, or loop back to itself. */
        Map<String, Object> hostileMap() {
            hostile = true;
            return switch (random.nextInt(3)) {
                case 0 -> new AbstractMap<>() {
                    @Override
                    public Object get(Object key) {
                        throw new IllegalStateException("lookup failed for " + key);
                    }

                    @Override
                    public Object put(String key, Object value) {
                        return null;
                    }

                    @Override
                    public Set<Entry<String, Object>> entrySet() {
                        throw new UnsupportedOperationException();
                    }
                };
                case 1 -> {
                    @SuppressWarnings({"unchecked", "rawtypes"})
                    Map<String, Object> integerKeyed = (Map) new TreeMap<Integer, Object>();
                    yield integerKeyed;
                }
                default -> new LinkedHashMap<>() {
                    @Override
                    public Object get(Object key) {
                        return this;
                    }
                };
            };
        }

        @SafeVarargs
        final <T> T pick(T... options) {
            return options[random.nextInt(options.length)];
        }
    }

    /** A {@code Number} whose every accessor throws. */
    private static final class FailingNumber extends Number {
        private static final long serialVersionUID = 1L;

        @Override
        public int intValue() {
            throw new ArithmeticException("no int");
        }

        @Override
        public long longValue() {
            throw new ArithmeticException("no long");
        }

        @Override
        public float floatValue() {
            throw new ArithmeticException("no float");
        }

        @Override
        public double doubleValue() {
            throw new ArithmeticException("no double");
        }
    }

    @Test
    void randomUsageShapesNeverMakeTheReaderThrowAndMapAndJsonNodeReadingsAgree() {
        long seed = Long.getLong("usage.seed", System.nanoTime());
        Random random = new Random(seed);
        int read = 0;
        int withUsage = 0;
        int compared = 0;
        for (int shape = 0; shape < SHAPES; shape++) {
            int i = shape;
            Shapes shapes = new Shapes(random);
            Map<String, Object> root = shapes.root();
            int faultsBefore = faults.faults.size();
            ResponseUsage fromMap = readSafely(root, seed, i);
            read++;
            if (fromMap != null) {
                withUsage++;
                assertSane(fromMap, seed, i);
            }
            if (!shapes.hostile) {
                assertEquals(faultsBefore, faults.faults.size(),
                        () -> "seed " + seed + " shape " + i + ": a plain JSON shape is no fault: " + root);
                if (!containsNonFinite(root)) {
                    JsonNode node = JSON.valueToTree(root);
                    ResponseUsage fromNode = readSafely(node, seed, i);
                    read++;
                    compared++;
                    assertEquals(fromMap, fromNode, () -> "seed " + seed + " shape " + i + ": Map and JsonNode differ: "
                            + node);
                    assertEquals(faultsBefore, faults.faults.size(), () -> "seed " + seed + " shape " + i + ": " + node);
                }
            }
        }
        assertTrue(read >= 10_000, "shapes read: " + read);
        assertTrue(withUsage > SHAPES / 20, "some shapes have readable usage: " + withUsage);
        assertTrue(compared > SHAPES / 3, "many shapes are read both ways: " + compared);
        assertTrue(faults.faults.size() > 0, "the hostile shapes were met");
    }

    private ResponseUsage readSafely(Object response, long seed, int i) {
        try {
            return reader.read(response);
        } catch (Throwable t) {
            fail("seed " + seed + " shape " + i + ": the reader threw " + t, t);
            return null;
        }
    }

    private static void assertSane(ResponseUsage u, long seed, int i) {
        TokenCounts t = u.tokens();
        for (long c : new long[] {t.input(), t.cacheRead(), t.cacheWrite(), t.cacheWrite1h(), t.output()}) {
            assertTrue(c >= 0 && c <= TokenNormaliser.MAX_COUNT, () -> "seed " + seed + " shape " + i + ": " + u);
        }
        assertTrue(t.totalInput() >= 0, () -> "seed " + seed + " shape " + i + ": no overflow " + u);
    }

    private static boolean containsNonFinite(Object o) {
        if (o instanceof Double d) {
            return !Double.isFinite(d);
        }
        if (o instanceof Float f) {
            return true; // a Float becomes a FloatNode, a Double after a round trip: not the same JSON
        }
        if (o instanceof Map<?, ?> m) {
            for (Object v : m.values()) {
                if (containsNonFinite(v)) {
                    return true;
                }
            }
        }
        if (o instanceof List<?> l) {
            for (Object v : l) {
                if (containsNonFinite(v)) {
                    return true;
                }
            }
        }
        return false;
    }
}
