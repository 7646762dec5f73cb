package dev.costagent.agent.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.costagent.agent.value.Totals;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonText}, through {@link LogDocument}, against the jackson-core rendering it replaced
 * ({@link JacksonRendering}): the same bytes for every generated document, and, for what it declines, the same
 * bytes (or the same failure) through the Jackson fallback.
 */
class JsonTextDifferentialTest {

    private static final String EOL = System.getProperty("line.separator");

    /** Characters of every class the escaping distinguishes. */
    private static final char[] AWKWARD = {
        0, 1, 7, '\b', '\t', '\n', 0x0B, '\f', '\r', 0x0E, 0x1B, 0x1F, ' ', '"', '\\', '/', '\'', '<', '>', '&', '~',
        0x7F, 0x80, 0x9F, 0xA0, 0xE9, 0xFF, 0x100, 0x7FF, 0x800, 0xFFF, 0x2028, 0x2029, 0x20AC, 0xD7FF,
        0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0xE000, 0xFEFF, 0xFFFD, 0xFFFE, 0xFFFF
    };

    private final Random random = new Random(20261122L);

    private String string(int maxLength) {
        int n = random.nextInt(maxLength + 1);
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            switch (random.nextInt(6)) {
                case 0 -> b.append(AWKWARD[random.nextInt(AWKWARD.length)]);
                case 1 -> b.append((char) random.nextInt(0x80));
                case 2 -> b.append((char) random.nextInt(0x10000));
                case 3 -> b.appendCodePoint(0x10000 + random.nextInt(0x100000)); // a valid pair
                default -> b.append((char) ('a' + random.nextInt(26)));
            }
        }
        return b.toString();
    }

    private String anyString() {
        // Long ones take Jackson's other path (longer than its output buffer's contiguous part).
        return random.nextInt(40) == 0 ? string(20_000) : string(30);
    }

    private BigDecimal decimal() {
        BigInteger unscaled = new BigInteger(1 + random.nextInt(random.nextBoolean() ? 64 : 300), random);
        if (random.nextBoolean()) {
            unscaled = unscaled.negate();
        }
        switch (random.nextInt(8)) {
            case 0:  // at the edge of the scales JsonText writes itself
                return new BigDecimal(unscaled, 1000 - random.nextInt(3));
            case 1:
                return new BigDecimal(unscaled, -1000 + random.nextInt(3));
            default:
                return smallDecimal(unscaled);
        }
    }

    /** As a log holds them: within Jackson's read constraints. */
    private BigDecimal smallDecimal(BigInteger unscaled) {
        int scale = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> -random.nextInt(40);
            default -> random.nextInt(30);
        };
        BigDecimal d = new BigDecimal(unscaled, scale);
        return random.nextBoolean() ? LogDocument.stripped(d) : d;
    }

    private BigDecimal smallDecimal() {
        return smallDecimal(BigInteger.valueOf(random.nextLong()));
    }

    private Object number() {
        return switch (random.nextInt(9)) {
            case 0 -> random.nextInt();
            case 1 -> random.nextBoolean() ? Integer.MIN_VALUE : Integer.MAX_VALUE;
            case 2 -> random.nextLong();
            case 3 -> random.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE;
            case 4 -> new BigInteger(64 + random.nextInt(200), random).multiply(BigInteger.valueOf(random.nextBoolean() ? 1 : -1));
            case 5 -> BigDecimal.ZERO.setScale(random.nextInt(20) - 10);
            default -> decimal();
        };
    }

    private Object value(int depth) {
        int kinds = depth > 5 ? 5 : 8;
        return switch (random.nextInt(kinds)) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2, 3 -> number();
            case 4 -> anyString();
            case 5, 6 -> object(depth + 1);
            default -> list(depth + 1);
        };
    }

    private Map<String, Object> object(int depth) {
        Map<String, Object> m = new LinkedHashMap<>();
        int n = random.nextInt(4) == 0 ? 0 : random.nextInt(6);
        for (int i = 0; i < n; i++) {
            m.put(anyString(), value(depth));
        }
        return m;
    }

    private List<Object> list(int depth) {
        List<Object> l = new ArrayList<>();
        int n = random.nextInt(4) == 0 ? 0 : random.nextInt(6);
        for (int i = 0; i < n; i++) {
            l.add(value(depth));
        }
        return l;
    }

    private static void assertSame(byte[] expected, byte[] actual, Object what) {
        if (!java.util.Arrays.equals(expected, actual)) {
            assertEquals(new String(expected, StandardCharsets.UTF_8), new String(actual, StandardCharsets.UTF_8),
                    String.valueOf(what));
        }
        assertArrayEquals(expected, actual);
    }

    /** Both renderings of the log document, and that JsonText itself wrote it (did not decline). */
    private void assertLogAsJackson(Object root, byte[] source) throws IOException {
        byte[] expected = JacksonRendering.log(root, source);
        assertSame(expected, LogDocument.renderWithoutFallback(root, source), root);
        assertSame(expected, LogDocument.render(root, source), root);
    }

    @Test
    void generatedDocumentsAreWrittenByteForByteAsJacksonWroteThem() throws IOException {
        for (int i = 0; i < 3000; i++) {
            Object root = switch (i % 5) {
                case 0 -> list(0);
                case 1 -> value(0);
                default -> object(0);
            };
            assertLogAsJackson(root, null);
        }
    }

    @Test
    void singleValuesAndEmptyContainersAreWrittenAsJacksonWroteThem() throws IOException {
        List<Object> values = new ArrayList<>(List.of(Map.of(), List.of(), "", true, false, 0, -0L, 1L << 53,
                BigInteger.TEN.pow(40).negate(), new BigDecimal("1E+30"), new BigDecimal("-0.000"), new BigDecimal("1E-30"),
                List.of(List.of(), Map.of()), Map.of("", List.of(Map.of())), "\uD83D\uDE00", "\uDE00\uD83D", "\uD83D",
                "\u2028\u2029", "\u0000\u001f\u007f", "a/b\\c\"d"));
        values.add(null);
        for (char c = 0; c < 0x800; c++) {
            values.add(String.valueOf(c));
            values.add(Map.of(String.valueOf(c), String.valueOf(c)));
        }
        for (char c = 0xD700; c < 0xE100; c++) {
            values.add(String.valueOf(c));
        }
        for (Object v : values) {
            assertLogAsJackson(v, null);
            List<Object> inArray = new ArrayList<>();
            inArray.add(v);
            inArray.add(v);
            assertLogAsJackson(inArray, null);
        }
    }

    @Test
    void theFormIsJacksonsPrettyPrinter() throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("a", List.of(1, Map.of("b", List.of()), Map.of(), List.of(List.of())));
        root.put("c", Map.of("d", new BigDecimal("1E+3")));
        String expected = "{" + EOL
                + "  \"a\" : [ 1, {" + EOL
                + "    \"b\" : [ ]" + EOL
                + "  }, { }, [ [ ] ] ]," + EOL
                + "  \"c\" : {" + EOL
                + "    \"d\" : 1000" + EOL
                + "  }" + EOL
                + "}\n";
        assertEquals(expected, new String(LogDocument.renderWithoutFallback(root, null), StandardCharsets.UTF_8));
        assertLogAsJackson(root, null);
    }

    /** Synthetic raw blocks: the bytes between runs are copied as they are, whatever they are. */
    @Test
    void rawRunBlocksAreCopiedBetweenGeneratedPartsAsJacksonDid() throws IOException {
        for (int i = 0; i < 1000; i++) {
            byte[] source = new byte[200];
            random.nextBytes(source);
            List<Object> runs = new ArrayList<>();
            int ordinal = 0;
            int at = 0;
            int n = random.nextInt(8);
            for (int k = 0; k < n; k++) {
                if (random.nextInt(3) == 0) {
                    runs.add(object(2));
                } else {
                    ordinal += random.nextInt(3) == 0 ? 2 : 1; // a gap: the next run is a block of its own
                    int start = at + random.nextInt(5);
                    at = start + random.nextInt(20);
                    runs.add(new LogScanner.RawRun(ordinal, start, at, "r" + ordinal));
                }
            }
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("schema_version", 1);
            root.put("runs", runs);
            root.put("cumulative", object(1));
            assertLogAsJackson(root, source);
        }
    }

    /** Real raw blocks: logs in the agent's form, read by LogScanner, changed, written back. */
    @Test
    void logsReadByTheScannerAreWrittenBackAsJacksonDid() throws Exception {
        int scanned = 0;
        for (int i = 0; i < 300; i++) {
            List<Object> runs = new ArrayList<>();
            int n = random.nextInt(10);
            for (int k = 0; k < n; k++) {
                Map<String, Object> run = new LinkedHashMap<>();
                run.put("run_id", "run-" + i + "-" + k);
                run.put("workflow", random.nextBoolean() ? "w" : string(20));
                run.put("total_cost_usd", smallDecimal());
                run.put("costs", Map.of("stages", Map.of("stage " + k, smallDecimal())));
                runs.add(run);
            }
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("schema_version", 1);
            root.put("cumulative", Map.of("total_usd", smallDecimal(), "later", List.of(string(10), 1L << 40)));
            root.put("runs", runs);
            byte[] old = JacksonRendering.log(root, null);
            LogDocument.Parsed parsed = LogDocument.parse(old);
            @SuppressWarnings("unchecked")
            List<Object> read = (List<Object>) ((Map<String, Object>) parsed.root()).get("runs");
            if (!read.isEmpty() && read.get(0) instanceof LogScanner.RawRun) {
                scanned++;
            }
            if (!read.isEmpty() && random.nextBoolean()) {
                read.remove(random.nextInt(read.size()));
            }
            if (!read.isEmpty() && random.nextBoolean()) {
                read.add(random.nextInt(read.size()), Map.of("run_id", "inserted", "costs", object(3)));
            }
            read.add(Map.of("run_id", "new", "total_cost_usd", decimal()));
            assertLogAsJackson(parsed.root(), parsed.source());
        }
        assertTrue(scanned > 100, "logs the scanner vouched for: " + scanned);
    }

    private Totals totals() {
        return new Totals(random.nextInt(1000), random.nextLong() >>> 20, random.nextInt(), 0, random.nextLong(),
                random.nextLong() >>> random.nextInt(64));
    }

    private Map<String, Totals> group() {
        Map<String, Totals> m = new LinkedHashMap<>();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            m.put(anyString(), totals());
        }
        return m;
    }

    @Test
    void whatJsonTextDeclinesIsWrittenByJackson() throws IOException {
        Object deep = List.of();
        for (int i = 0; i < 300; i++) {
            deep = i % 2 == 0 ? List.of(deep) : Map.of("k", deep);
        }
        List<Object> declined = List.of(new BigDecimal(BigInteger.ONE, 1001), new BigDecimal(BigInteger.TEN, -5000),
                Map.of("a", new BigDecimal(BigInteger.ONE, 9999)), deep);
        for (Object v : declined) {
            Object root = v;
            assertThrows(JsonText.Declined.class, () -> LogDocument.renderWithoutFallback(root, null));
            assertSame(JacksonRendering.log(root, null), LogDocument.render(root, null), "declined");
        }
    }

    @Test
    void whatJacksonRefusesIsRefusedAlike() {
        Object deep = List.of();
        for (int i = 0; i < 1100; i++) {
            deep = List.of(deep);
        }
        List<Object> refused = List.of(new BigDecimal(BigInteger.ONE, 10_000), new BigDecimal(BigInteger.ONE, -10_000),
                deep);
        for (Object v : refused) {
            IOException expected = assertThrows(IOException.class, () -> JacksonRendering.log(v, null));
            IOException actual = assertThrows(IOException.class, () -> LogDocument.render(v, null));
            assertEquals(expected.getClass(), actual.getClass());
            assertEquals(expected.getMessage(), actual.getMessage());
        }
    }
}
