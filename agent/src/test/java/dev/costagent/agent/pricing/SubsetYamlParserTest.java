package dev.costagent.agent.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.costagent.fixtures.TextDamage;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The subset parser against SnakeYAML: every text it takes gives the same tree, with the same start marks, and
 * therefore the same catalog, warnings and refusals; every text it does not take is left to SnakeYAML.
 */
class SubsetYamlParserTest {

    private static final String BUNDLED = readBundled();

    private static String readBundled() {
        try {
            return Files.readString(Path.of("..", "models_catalog.yaml"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The tree with every node's start mark: what the checks can see of it. */
    private static String describe(CatalogNode n) {
        StringBuilder b = new StringBuilder();
        describe(n, b, 0);
        return b.toString();
    }

    private static void describe(CatalogNode n, StringBuilder b, int depth) {
        b.append(n.line()).append(':').append(n.column());
        if (depth > 60) {
            b.append("...");
        } else if (n.scalar() != null) {
            b.append('<').append(n.scalar().replace("\\", "\\\\").replace(">", "\\>")).append('>');
        } else if (n.isMapping()) {
            b.append('{');
            for (int i = 0; i < n.size(); i++) {
                describe(n.key(i), b.append(i == 0 ? "" : ", "), depth + 1);
                describe(n.value(i), b.append(" = "), depth + 1);
            }
            b.append('}');
        } else {
            assertTrue(n.isSequence());
            b.append('[');
            for (int i = 0; i < n.size(); i++) {
                describe(n.value(i), b.append(i == 0 ? "" : ", "), depth + 1);
            }
            b.append(']');
        }
    }

    /** The catalog, or the message refusing it. */
    private static Object outcome(CatalogNode root) {
        try {
            return CatalogLoader.check("cat.yaml", root);
        } catch (CatalogException e) {
            return e.getMessage();
        }
    }

    /** Asserts the subset parser takes the text and reads it exactly as SnakeYAML does. */
    private static void assertReadAsSnakeYamlReadsIt(String text) {
        assertReadAsSnakeYamlReadsIt("", text);
    }

    private static void assertReadAsSnakeYamlReadsIt(String what, String text) {
        CatalogNode fast = SubsetYamlParser.parse(text);
        assertNotNull(fast, () -> what + ": the subset parser should take:\n" + text);
        CatalogNode snake;
        try {
            snake = SnakeYamlReader.compose("cat.yaml", text);
        } catch (CatalogException e) {
            throw new AssertionError("the subset parser took what SnakeYAML refuses (" + e.getMessage() + "):\n" + text, e);
        }
        assertNotNull(snake, text);
        assertEquals(describe(snake), describe(fast), () -> "same tree and marks for:\n" + text);
        assertEquals(outcome(snake), outcome(fast), () -> "same catalog or refusal for:\n" + text);
    }

    @Test
    void theBundledCatalogIsReadWithoutSnakeYamlAndAsSnakeYamlReadsIt() throws CatalogException {
        assertReadAsSnakeYamlReadsIt(BUNDLED);
        PriceCatalog viaLoader = CatalogLoader.parse("cat.yaml", new StringReader(BUNDLED));
        assertEquals(CatalogLoader.check("cat.yaml", SnakeYamlReader.compose("cat.yaml", BUNDLED)), viaLoader);
        assertTrue(viaLoader.models().size() > 20, viaLoader.models().keySet().toString());
    }

    // ---------------------------------------------------------------- variants of the bundled catalog

    private static String lines(String text, UnaryOperator<String> perLine) {
        StringBuilder b = new StringBuilder();
        for (String l : text.split("\n", -1)) {
            b.append(perLine.apply(l)).append('\n');
        }
        return b.substring(0, b.length() - 1);
    }

    private static String regex(String text, String pattern, java.util.function.Function<Matcher, String> with) {
        Matcher m = Pattern.compile(pattern, Pattern.MULTILINE).matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement(with.apply(m)));
        }
        return m.appendTail(b).toString();
    }

    /** Flow mappings written over two lines, joined onto one. */
    private static String joinFlowLines(String t) {
        return t.replaceAll(",\n +", ", ");
    }

    private static String flowToBlock(String t) {
        return regex(joinFlowLines(t), "^( *)(pricing|long_context): \\{(.*)\\}$", m -> {
            StringBuilder b = new StringBuilder(m.group(1) + m.group(2) + ":");
            for (String pair : m.group(3).split(", ")) {
                b.append('\n').append(m.group(1)).append("  ").append(pair);
            }
            return b.toString();
        });
    }

    private static String aliasesToBlock(String t, String extraIndent) {
        return regex(t, "^( *)aliases: \\[(.*)\\]$", m -> {
            StringBuilder b = new StringBuilder(m.group(1) + "aliases:");
            for (String a : m.group(2).split(", ")) {
                b.append('\n').append(m.group(1)).append(extraIndent).append("- ").append(a);
            }
            return b.toString();
        });
    }

    private static final Pattern DOCUMENT_START = Pattern.compile("(?m)^---");

    private static Map<String, UnaryOperator<String>> structural() {
        Map<String, UnaryOperator<String>> v = new LinkedHashMap<>();
        v.put("as is", t -> t);
        v.put("flow pricing as block mappings", SubsetYamlParserTest::flowToBlock);
        v.put("aliases as block sequences", t -> aliasesToBlock(t, "  "));
        v.put("aliases as indentless sequences", t -> aliasesToBlock(t, ""));
        v.put("catalog as an indentless sequence", t -> regex(t, "(?s)(?<=\ncatalog:\n).*", m ->
                lines(m.group(), l -> l.startsWith("  ") ? l.substring(2) : l)));
        v.put("nested lines indented two more", t -> lines(t, l -> l.startsWith(" ") ? "  " + l : l));
        v.put("ids single-quoted", t -> t.replaceAll("id: (\\S+)", "id: '$1'"));
        v.put("ids double-quoted, providers single-quoted", t -> t.replaceAll("id: (\\S+)", "id: \"$1\"")
                .replaceAll("provider: (\\S+)", "provider: '$1'"));
        v.put("prices quoted", t -> t.replaceAll(": (\\d[\\d.]*)([,}])", ": '$1'$2"));
        v.put("prices double-quoted, keys quoted", t -> t.replaceAll("(\\w+): (\\d[\\d.]*)([,}])", "\"$1\": \"$2\"$3"));
        v.put("provider before id", t -> t.replaceAll("- id: (\\S+)\n( +)provider: (\\S+)", "- provider: $3\n$2id: $1"));
        v.put("pricing before aliases", t -> t.replaceAll("\n( +)(aliases: .*)\n( +)(pricing: .*)", "\n$3$4\n$1$2"));
        v.put("document start", t -> DOCUMENT_START.matcher(t).find() ? t : "---\n" + t);
        v.put("document start with a comment", t -> DOCUMENT_START.matcher(t).find() ? t : "# head\n--- # start\n" + t);
        v.put("odd but plain scalars", t -> t.replace("currency: USD", """
                currency: USD
                notes:
                  url: http://example.com/a#frag   # a comment
                  'quoted key': "a \\"b\\" \\u00e9\\x41\\t\\\\ \\0"
                  "it": 'it''s ''quoted'''
                  colon: a:b:c
                  hash: a#b
                  spaced: a b   c
                  tabbed: a\tb
                  list: [ft:gpt-4o:org, a#b, -1, ~, .5, 'x, y', "[z]", $3, (x), +1, /a/b]
                  nested: {a: {b: [c, {d: e}]}, f: []}
                  unicode: prix € héhé
                  -1: x
                  ~: y
                  a b: c
                  'x' : y
                """.stripTrailing()));
        v.put("an entry with odd numbers", t -> {
            Matcher first = Pattern.compile("(?m)^( *)- ").matcher(t);
            assertTrue(first.find());
            String in = first.group(1);
            return t.substring(0, first.start())
                    + in + "- id: odd\n"
                    + in + "  pricing: {input: .5, output: 1e3, cache_read: +1, cache_write: 0.000001, cache_write_1h: 1.}\n"
                    + in + "  long_context: {threshold: 1_000, input: '2', output: \"3\"}\n"
                    + t.substring(first.start());
        });
        return v;
    }

    /** Line breaks and spaces inside flow collections: applied after the structural variants. */
    private static Map<String, UnaryOperator<String>> layout() {
        Map<String, UnaryOperator<String>> v = new LinkedHashMap<>();
        v.put("flows as they are", t -> t);
        v.put("spaces inside flows", t -> joinFlowLines(t).replace("{", "{  ").replace("}", "  }").replace(", ", " ,  ")
                .replace("[", "[ ").replace("]", " ]").replace(": ", ":   "));
        v.put("no spaces after commas", t -> t.replace(", ", ","));
        v.put("flows broken after every comma", t -> lines(joinFlowLines(t), l -> l.matches(" *(- )?(pricing|long_context|aliases): .*")
                ? l.replace(", ", ",\n                  ") : l));
        v.put("flows broken after the opening brace", t -> t.replace("pricing: {", "pricing: {\n       "));
        return v;
    }

    private static Map<String, UnaryOperator<String>> cosmetic() {
        Map<String, UnaryOperator<String>> v = new LinkedHashMap<>();
        v.put("a tab inside values", t -> t.replace("provider: anthropic", "provider: anth\tropic")
                .replace("provider: openai", "provider: 'open\tai'").replace("# Cache", "# \tCache"));
        v.put("comments after values", t -> lines(t, l -> l.isBlank() || l.strip().startsWith("#") || l.endsWith(",")
                || l.endsWith("{") ? l : l + "   # note: it's {x}, [y] #z"));
        v.put("trailing spaces", t -> lines(t, l -> l + "   "));
        v.put("blank lines", t -> t.replace("\n  - id", "\n\n   \n  - id"));
        v.put("no final line end", String::stripTrailing);
        v.put("CRLF line ends", t -> t.replace("\n", "\r\n"));
        return v;
    }

    @Test
    void everyVariantOfTheBundledCatalogIsReadAsSnakeYamlReadsIt() {
        Map<String, UnaryOperator<String>> structural = structural();
        Map<String, UnaryOperator<String>> layout = layout();
        Map<String, UnaryOperator<String>> cosmetic = cosmetic();
        for (var s : structural.entrySet()) {
            for (var l : layout.entrySet()) {
                for (var c : cosmetic.entrySet()) {
                    String text = c.getValue().apply(l.getValue().apply(s.getValue().apply(BUNDLED)));
                    assertReadAsSnakeYamlReadsIt(s.getKey() + ", " + l.getKey() + ", " + c.getKey(), text);
                }
            }
        }
        // Several at once, in random combinations, each one applied on top of the others.
        List<String> names = new ArrayList<>(structural.keySet());
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            String text = BUNDLED;
            Collections.shuffle(names, random);
            List<String> applied = new ArrayList<>();
            for (String name : names.subList(0, 1 + random.nextInt(3))) {
                text = structural.get(name).apply(text);
                applied.add(name);
            }
            List<String> layouts = new ArrayList<>(layout.keySet());
            String l = layouts.get(random.nextInt(layouts.size()));
            text = layout.get(l).apply(text);
            applied.add(l);
            for (var c : cosmetic.entrySet()) {
                if (random.nextBoolean()) {
                    text = c.getValue().apply(text);
                    applied.add(c.getKey());
                }
            }
            assertReadAsSnakeYamlReadsIt(applied.toString(), text);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "catalog:\n  - id: a\n    pricing: {input: 1, output: -2}\n",
        "catalog:\n  - id: a\n    pricing: {input: 1_000, output: 2}\n",
        "catalog:\n  - id: a\n    pricing: {input: 0x10, output: 2}\n",
        "catalog:\n  - id: a\n    pricing: {input: '', output: 2}\n",
        "catalog:\n  - id: a\n    pricing: {input: 1, output: 2, input: 3}\n",
        "catalog:\n  - id: a\n    provider: x\n    provider: y\n    pricing: {input: 1, output: 2}\n",
        "catalog:\n  - id: a\n    pricing: {input: 1, output: 2}\ncatalog: []\n",
        "catalog:\n  - id: a\n    aliases: [b, A]\n    pricing: {input: 1, output: 2}\n",
        "catalog:\n  - id: ' '\n    pricing: {input: 1, output: 2}\n",
        "catalog:\n  - id: [a]\n    pricing: {input: 1, output: 2}\n",
        "catalog:\n  - just a string\n",
        "catalog: {id: a}\n",
        "- id: a\n",
        "currency: EUR\ncatalog: []\n",
        "models: []\n",
        "catalog: []\n",
        "catalog:\n  - id: a\n    pricing:\n      input: 1\n    long_context: {threshold: 1.5, input: 2, output: 4}\n",
        "  catalog:\n    - id: a\n      pricing: {input: 1, output: 2}\n",
    })
    void refusalsAndWarningsAreWordedAsForSnakeYamlsTree(String text) {
        assertReadAsSnakeYamlReadsIt(text);
    }

    // ---------------------------------------------------------------- what is left to SnakeYAML

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "",
        "# only a comment\n",
        "\uFEFFcatalog: []\n",
        "catalog: &c []\n",
        "a: &x 1\nb: *x\n",
        "catalog: !!seq []\n",
        "catalog: *models\n",
        "a: |\n  text\n",
        "a: >\n  text\n",
        "a: plain\n  continued\n",
        "a: 'quoted\n  continued'\n",
        "a: \"quoted\\\n  continued\"\n",
        "a:\n",
        "a:\nb: 1\n",
        "a: {b: }\n",
        "a: {b}\n",
        "a: [b: 1]\n",
        "a: {b: 1,}\n",
        "a: [1,]\n",
        "a: {b: 1, # c\n  d: 2}\n",
        "a: {b: 1,\n\n  d: 2}\n",
        "a: {b: 1\n  , d: 2}\n",
        "a: {b: 1,\nd: 2}\n",
        "a: {\"b\":1}\n",
        "a: {b:1}\n",
        "? a\n: b\n",
        "%YAML 1.1\n---\na: 1\n",
        "a: 1\n---\nb: 2\n",
        "a: 1\n...\n",
        "--- a\n",
        "a: 'b'#c\n",
        "a: 'b'\t# c\n",
        "a: b\t# c\n",
        "a: b\t\n",
        "a:\tb\n",
        "a: b: c\n",
        "a: b:\n",
        "\ta: 1\n",
        "a:\n\t- 1\n",
        "a: 1\n  \t\nb: 2\n",
        "a: 1\r b: 2\n",
        "a: b\u0085c\n",
        "a: b\u2028c\n",
        "a: \"\\N\"\n",
        "a: \"\\U0001F600\"\n",
        "a: \"\\uD83D\"\n",
        "a: \"\\q\"\n",
        "a: \"\\x4\"\n",
        "a: \uD83D\uDE00\n",
        "a: b\u0000\n",
        "a: b\u007f\n",
        "<<: {a: 1}\n",
        "a: -\n",
        "- - a\n",
        "-\n  a: 1\n",
        "a:\n  - b\n  c: 1\n",
        "a: 1\n  b: 2\n",
        "a:\n    b: 1\n  c: 2\n",
        "{a: 1}\n",
        "[a]\n",
        "plain\n",
        "a: ?b\n",
        "a: [b?c]\n",
        "a: @b\n",
        "a: `b\n",
        "a: 'unterminated\n",
        "a: {b: 1\n",
        "catalog:\n  - id: a\n    pricing: {input: 1, output: 2\n  - id: b\n",
        "catalog:\n  - id: a\n\tpricing: {input: 1, output: 2}\n",
        "catalog:\n- id: a\n   - id: b\n",
        "catalog:\n  - id: a\n  pricing: {input: 1, output: 2}\n",
    })
    void textsOutsideTheSubsetAreLeftToSnakeYaml(String text) {
        assertNull(SubsetYamlParser.parse(text), text);
        Object viaLoader;
        try {
            viaLoader = CatalogLoader.parse("cat.yaml", new StringReader(text));
        } catch (CatalogException e) {
            viaLoader = e.getMessage();
        }
        Object viaSnakeYaml;
        try {
            viaSnakeYaml = outcome(SnakeYamlReader.compose("cat.yaml", text));
        } catch (CatalogException e) {
            viaSnakeYaml = e.getMessage();
        }
        assertEquals(viaSnakeYaml, viaLoader, text);
    }

    @Test
    void deepNestingAndLongKeysAreLeftToSnakeYaml() {
        assertNull(SubsetYamlParser.parse("a: " + "[".repeat(40) + "]".repeat(40) + "\n"));
        assertNotNull(SubsetYamlParser.parse("a: " + "[".repeat(20) + "]".repeat(20) + "\n"));
        assertNull(SubsetYamlParser.parse("k".repeat(300) + ": 1\n"));
        assertNull(SubsetYamlParser.parse("a: '" + "x".repeat(1 << 20) + "'\n"));
    }

    // ---------------------------------------------------------------- random texts

    /**
     * The bundled catalog damaged at random, as {@link CatalogRefusalTest} does it: whatever the subset parser
     * still takes, SnakeYAML must read the same way. The fuzz tests run 1,000 and 5,000 rounds in the build;
     * {@code -Dcatalog.fuzz.scale=20} runs twenty times as many, and {@code -Dcatalog.seed=N} replays a seed.
     */
    @Test
    void aRandomlyDamagedCatalogIsTakenOnlyWhenSnakeYamlReadsItTheSameWay() {
        long seed = Long.getLong("catalog.seed", System.nanoTime());
        Random random = new Random(seed);
        String noise = ":-[]{}#&*!|>'\"%@`,? \t\n\r0123456789.eE-abc\u00e9\u0000\\";
        int rounds = 1000 * Integer.getInteger("catalog.fuzz.scale", 1);
        int taken = 0;
        for (int i = 0; i < rounds; i++) {
            String damaged = TextDamage.damage(BUNDLED, random, 4, noise);
            if (SubsetYamlParser.parse(damaged) != null) {
                taken++;
                try {
                    assertReadAsSnakeYamlReadsIt(damaged);
                } catch (AssertionError e) {
                    fail("seed " + seed + ": " + e.getMessage(), e);
                }
            }
        }
        assertTrue(taken > rounds / 6 && taken < rounds, "seed " + seed + ": taken " + taken + " of " + rounds);
    }

    /** Mostly one of the first few pieces (the ones inside the subset) when {@code tame}. */
    private static String pick(String[] pieces, boolean tame, Random random) {
        return pieces[random.nextInt(tame && random.nextInt(8) != 0 ? Math.min(3, pieces.length) : pieces.length)];
    }

    /** Small documents put together from pieces chosen to sit on the subset's edges. */
    @Test
    void randomSmallDocumentsAreTakenOnlyWhenSnakeYamlReadsThemTheSameWay() {
        long seed = Long.getLong("catalog.seed", System.nanoTime());
        Random random = new Random(seed);
        String[] indents = {"", "", " ", "  ", "  ", "    ", "\t", "   "};
        String[] keys = {"a", "b", "id", "'q'", "\"d\"", "a b", "a:b", "a#b", "-1", ".5", "~", "'it''s'", "x ", "é", "- a",
            "- - a", "-", "? a", "a\tb", "[a]", "{a: 1}", "", "&x a", "*x", "!t a", "--- a", "...", "#c"};
        String[] colons = {": ", ": ", ":", " : ", ":\t", ":  ", ""};
        String[] values = {"x", "1", "-2", "'it''s'", "\"e\\t\\u00e9\\\\\"", "{a: 1}", "[a, b]", "{a: [1, 2], b: {c: d}}",
            "a #c", "a#c", "x: y", "&a x", "*a", "|", ">", "!t x", "-", "? x", "[a,", "{a: 1,}", "\"multi", "'open",
            "a\tb", "a \t#c", "ft:g:h", "[a: 1]", "{a:1}", "{\"a\":1}", "[a, [b, {c: d}]]", "{a: 1,", "[a,", "",
            "a:", "[a]x", "'a'x", "{}", "[]", "{ a: 1 , b: 2 }", "[ a ,b ]", "a: b: c", "#c", "- x", "a ", "é ü",
            "[a,\n   b]", "{a: 1,\n    b: 2}", "{a: 1,\nb: 2}", "x\n  y", "'a\n  b'", "[a?b]", "{a: b?c}", "a?b"};
        String[] ends = {"", "", "  ", " # c", "\t", "#c", "  #c", "\t# c"};
        int rounds = 5000 * Integer.getInteger("catalog.fuzz.scale", 1);
        int taken = 0;
        for (int i = 0; i < rounds; i++) {
            boolean tame = random.nextBoolean();
            StringBuilder text = new StringBuilder();
            if (random.nextInt(10) == 0) {
                text.append("---\n");
            }
            for (int n = 1 + random.nextInt(6); n > 0; n--) {
                text.append(pick(indents, tame, random));
                if (random.nextInt(3) == 0) {
                    text.append("- ");
                }
                text.append(pick(keys, tame, random)).append(pick(colons, tame, random))
                        .append(pick(values, tame, random)).append(pick(ends, tame, random))
                        .append(random.nextInt(8) == 0 ? "\r\n" : "\n");
            }
            if (SubsetYamlParser.parse(text.toString()) != null) {
                taken++;
                try {
                    assertReadAsSnakeYamlReadsIt(text.toString());
                } catch (AssertionError e) {
                    fail("seed " + seed + ": " + e.getMessage(), e);
                }
            }
        }
        assertTrue(taken > rounds / 20, "seed " + seed + ": taken " + taken + " of " + rounds);
    }
}
