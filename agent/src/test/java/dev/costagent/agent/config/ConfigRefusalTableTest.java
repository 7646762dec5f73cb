package dev.costagent.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #4, point 4: every key of SPEC section 3, through every way it can be given (agent argument, each system
 * property, the environment variable), with values that cannot be right: each is refused with one line naming the
 * key, the value, where it came from and what was expected. The JVM-level half (exit status 2 before {@code main},
 * nothing else printed) is {@code BadConfigurationIT} in the demo module.
 */
class ConfigRefusalTableTest {

    private static final String MONEY = "a non-negative number of US dollars, e.g. 5 or 0.50";
    private static final String MONEY_RANGE = "US dollars up to 1000000 with at most 12 decimals";
    private static final String PATTERN = "comma-separated entries like com.acme.Pipeline#rank*";

    @TempDir
    static Path dir;

    /** A key, the names it goes by, and values it refuses with (the start of) what it expects. */
    private record Key(String arg, List<String> properties, String env, Map<String, String> bad) {
    }

    private static final List<Key> KEYS = List.of(
            new Key("budget", List.of("budget", "costagent.budget"), "COSTAGENT_BUDGET", money()),
            new Key("catalog", List.of("costagent.catalog"), "COSTAGENT_CATALOG", Map.of(
                    "", "a path",
                    "  ", "a path",
                    "missing.yaml", "an existing catalog file (resolved to ",
                    ".", "an existing catalog file (resolved to ",
                    "nul\u0000.yaml", "a valid path (")),
            new Key("out", List.of("costagent.out"), "COSTAGENT_OUT", Map.of(
                    "", "a path",
                    " ", "a path",
                    "da\u0000ta", "a valid path (")),
            new Key("workflow", List.of("costagent.workflow"), "COSTAGENT_WORKFLOW", Map.of(
                    "", "a non-empty workflow name",
                    "   ", "a non-empty workflow name")),
            new Key("warn.operation", List.of("costagent.warn.operation"), null, money()),
            new Key("warn.run", List.of("costagent.warn.run"), null, money()),
            new Key("stages", List.of("costagent.stages"), null, patterns()),
            new Key("calls", List.of("costagent.calls"), null, patterns()),
            new Key("sdks", List.of("costagent.sdks"), null, Map.of(
                    "", "true or false",
                    "yes", "true or false",
                    "1", "true or false",
                    "NaN", "true or false")),
            new Key("log", List.of("costagent.log"), null, Map.of(
                    "", "one of trace, debug, info, warn, error, off",
                    "verbose", "one of trace, debug, info, warn, error, off",
                    "WARNING", "one of trace, debug, info, warn, error, off",
                    "-1", "one of trace, debug, info, warn, error, off")));

    private static Map<String, String> money() {
        Map<String, String> m = new HashMap<>();
        for (String v : List.of("", "   ", "abc", "-1", "-0.01", "NaN", "-NaN", "Infinity", "-Infinity", "0x10",
                "5 USD", "five", "1\n2", "1,5")) {
            m.put(v, MONEY);
        }
        m.put("1e400", MONEY_RANGE);
        m.put("2000000", MONEY_RANGE);
        m.put("0.0000000000001", MONEY_RANGE);
        return m;
    }

    private static Map<String, String> patterns() {
        return Map.of(
                "", PATTERN,
                "com.acme.P", PATTERN + "; 'com.acme.P' is not of the form com.acme.Class#method",
                "#run", PATTERN + "; '#run' has no valid class name before '#'",
                "a.B#", PATTERN + "; 'a.B#' has no valid method name after '#'",
                "a.B#r(x)", PATTERN + "; 'a.B#r(x)' has no valid method name after '#'",
                "a..B#c", PATTERN + "; 'a..B#c' has no valid class name before '#'",
                "a.B#c#d", PATTERN + "; 'a.B#c#d' is not of the form com.acme.Class#method",
                "a.B#[c-d]", PATTERN + "; 'a.B#[c-d]' has no valid method name after '#'",
                "a.B#c,,d.E#f", PATTERN + "; '' is not of the form com.acme.Class#method");
    }

    /** One way of giving a value: the inputs to the loader and the origin the message must name. */
    private record Given(String agentArgs, Map<String, String> properties, Map<String, String> env, String origin) {
    }

    private static List<Given> ways(Key k, String value) {
        List<Given> out = new ArrayList<>();
        // A comma ends an agent argument's value (it continues lists only), so such values are given elsewhere.
        if (!value.contains(",")) {
            out.add(new Given(k.arg() + "=" + value, Map.of(), Map.of(), "agent argument " + k.arg()));
        }
        for (String p : k.properties()) {
            out.add(new Given(null, Map.of(p, value), Map.of(), "-D" + p));
        }
        if (k.env() != null) {
            out.add(new Given(null, Map.of(), Map.of(k.env(), value), "environment variable " + k.env()));
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyKeyRefusesEveryBadValueFromEverySourceWithOneLine() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Key k : KEYS) {
            for (Map.Entry<String, String> bad : k.bad().entrySet()) {
                for (Given g : ways(k, bad.getKey())) {
                    String expected = "cost-agent: invalid configuration: " + k.arg() + "='"
                            + ConfigException.oneLine(bad.getKey()) + "' (from " + g.origin() + "): expected "
                            + bad.getValue();
                    tests.add(DynamicTest.dynamicTest(g.origin() + " = '" + ConfigException.oneLine(bad.getKey()) + "'",
                            () -> assertRefused(g, expected)));
                }
            }
        }
        assertEquals(10, KEYS.size(), "every key of SPEC section 3");
        return tests.stream();
    }

    private static void assertRefused(Given g, String expected) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(g.agentArgs(), g.properties(), g.env(), dir));
        String m = e.getMessage();
        assertTrue(m.startsWith(expected), () -> m + "\n  should start with\n" + expected);
        assertOneLine(m);
    }

    private static void assertOneLine(String m) {
        for (char c : m.toCharArray()) {
            assertFalse(Character.isISOControl(c), () -> "one printable line: " + m);
        }
    }

    @Test
    void unknownKeysAreRefusedWhereverTheyAreGiven() {
        Map<String, String> unknownArgs = Map.of(
                "budgte=5", "cost-agent: invalid agent argument: unknown key 'budgte' in 'budgte=5' (did you mean "
                        + "'budget'?): expected one of budget, catalog, out, workflow, warn.operation, warn.run, stages, "
                        + "calls, sdks, log, enabled, summary, log.keep, store, budget.scope",
                "=5", "cost-agent: invalid agent argument: unknown key '' in '=5'",
                "costagent.budgte=5", "cost-agent: invalid agent argument: unknown key 'costagent.budgte'",
                "Budget=5", "cost-agent: invalid agent argument: unknown key 'Budget'",
                "5", "cost-agent: invalid agent argument '5' in '5': expected key=value pairs separated by commas",
                "budget=5,,out=x", "cost-agent: invalid agent argument '' in 'budget=5,,out=x': expected key=value pairs",
                "budget=1,budget=1", "cost-agent: invalid agent argument: key 'budget' given twice in 'budget=1,budget=1'",
                "budget=1,costagent.budget=2", "cost-agent: invalid agent argument: key 'costagent.budget' given twice");
        unknownArgs.forEach((args, expected) -> {
            ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(args, Map.of(), Map.of(), dir),
                    args);
            assertTrue(e.getMessage().startsWith(expected), () -> e.getMessage() + "\n  should start with\n" + expected);
            assertOneLine(e.getMessage());
        });
        for (String property : List.of("costagent.budgett", "costagent.", "costagent.Budget", "costagent.warn",
                "costagent.warn.ops")) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> ConfigLoader.load(null, Map.of(property, "5"), Map.of(), dir));
            assertTrue(e.getMessage().startsWith("cost-agent: invalid configuration: unknown system property -D"
                    + property + "='5'"), e.getMessage());
            assertTrue(e.getMessage().contains(": expected one of costagent.budget, costagent.catalog"), e.getMessage());
        }
        ConfigException disagree = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, Map.of("budget", "5", "costagent.budget", "5.0"), Map.of(), dir));
        assertTrue(disagree.getMessage().contains("disagree: expected one value for budget"), disagree.getMessage());
    }

    @Test
    void aValueWithLineBreaksIsShownEscapedOnOneLine() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, Map.of("costagent.stages", "a.B#c\n\td.E#f"), Map.of(), dir));
        assertTrue(e.getMessage().startsWith("cost-agent: invalid configuration: stages='a.B#c\\n\\td.E#f'"), e.getMessage());
        assertOneLine(e.getMessage());
    }

    /** Random values for random keys: the loader either accepts or refuses with one line, never anything else. */
    @Test
    void randomValuesAreAcceptedOrRefusedWithOneLineAndNothingElse() throws Exception {
        Files.writeString(dir.resolve("cat.yaml"), "catalog: []\n");
        long seed = Long.getLong("config.seed", System.nanoTime());
        Random random = new Random(seed);
        String alphabet = "09.-+eE$ ,=#*abcAB_\\/\n\t\u0000\u00e9NaInfity";
        int refused = 0;
        for (int i = 0; i < 5_000; i++) {
            Key k = KEYS.get(random.nextInt(KEYS.size()));
            StringBuilder v = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) {
                v.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            Map<String, String> props = new HashMap<>();
            props.put(k.properties().get(0), v.toString());
            try {
                ConfigLoader.load(random.nextBoolean() ? null : k.arg() + "=" + v, props, Map.of(), dir);
            } catch (ConfigException e) {
                refused++;
                assertTrue(e.getMessage().startsWith("cost-agent: invalid "), e.getMessage());
                assertOneLine(e.getMessage());
            } catch (RuntimeException e) {
                fail("seed " + seed + ": " + k.arg() + "='" + v + "' threw " + e, e);
            }
        }
        assertTrue(refused > 1000, "most random values are refused: " + refused);
    }
}
