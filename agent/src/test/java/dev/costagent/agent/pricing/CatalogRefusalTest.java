package dev.costagent.agent.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.costagent.fixtures.TextDamage;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue #4, point 5: every kind of bad catalog is refused with one line naming the file, the line and column and
 * the entry; unknown keys only warn. Complements {@link CatalogLoaderTest}.
 */
class CatalogRefusalTest {

    private static PriceCatalog parse(String yaml) throws CatalogException {
        return CatalogLoader.parse("cat.yaml", new StringReader(yaml));
    }

    private static String refusal(String yaml) {
        String m = assertThrows(CatalogException.class, () -> parse(yaml), yaml).getMessage();
        for (char c : m.toCharArray()) {
            assertFalse(Character.isISOControl(c), () -> "one printable line: " + m);
        }
        return m;
    }

    /** An entry {@code a} with this pricing (and long_context) block, written after {@code "    "}. */
    private static String entry(String body) {
        return "catalog:\n  - id: a\n    " + body.replace("NEWLINE", "\n    ") + "\n";
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // an unclosed flow mapping
        "catalog:NEWLINE  - id: aNEWLINE    pricing: {input: 1, output: 2NEWLINE  - id: b|cat.yaml:4:7: YAML syntax error: expected ',' or '}', but got :",
        // a tab used for indentation
        "catalog:NEWLINE  - id: aNEWLINE\tpricing: {input: 1, output: 2}|cat.yaml:3:1: YAML syntax error: ",
        // an unclosed quote
        "catalog:NEWLINE  - id: \"aNEWLINE    pricing: {input: 1, output: 2}|cat.yaml:",
        // a mapping where a list item was begun
        "catalog:NEWLINE  - id: aNEWLINE  pricing: {input: 1, output: 2}|cat.yaml:3:3: YAML syntax error: ",
        // two documents' worth of indentation mistakes
        "catalog:NEWLINE- id: aNEWLINE   - id: b|cat.yaml:3:8: YAML syntax error: mapping values are not allowed here",
        // an undefined alias
        "catalog: *models|cat.yaml:1:10: YAML syntax error: ",
        // a character YAML does not allow, whose place the YAML library gives as an offset only
        "catalog:NEWLINE  - id: a\u0000b|cat.yaml:2:10: YAML syntax error: character U+0000 is not allowed in YAML",
    })
    void yamlSyntaxErrorsNameFileLineAndColumn(String yaml, String start) {
        String m = refusal(yaml.replace("NEWLINE", "\n"));
        assertTrue(m.startsWith(start), () -> m + "\n  should start with\n" + start);
        assertTrue(m.matches("cat\\.yaml:\\d+:\\d+: YAML syntax error: .+"), m);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "pricing: {input: abc, output: 2}|entry 'a': pricing.input must be a number (USD per million tokens), got 'abc'",
        "pricing: {input: .nan, output: 2}|entry 'a': pricing.input must be a number (USD per million tokens), got '.nan'",
        "pricing: {input: .inf, output: 2}|entry 'a': pricing.input must be a number (USD per million tokens), got '.inf'",
        "pricing: {input: '1,5', output: 2}|entry 'a': pricing.input must be a number (USD per million tokens), got '1,5'",
        "pricing: {input: $3, output: 2}|entry 'a': pricing.input must be a number (USD per million tokens), got '$3'",
        "pricing: {input: 0x10, output: 2}|entry 'a': pricing.input must be a number (USD per million tokens), got '0x10'",
        "pricing: {input: 1_000, output: 2}|entry 'a': pricing.input must be a number (USD per million tokens), got '1_000'",
        "pricing: {input: true, output: 2}|entry 'a': pricing.input must be a number (USD per million tokens), got 'true'",
        "pricing: {input: ~, output: 2}|entry 'a': pricing.input must be a number (USD per million tokens), got '~'",
        "pricing: {input: '', output: 2}|entry 'a': pricing.input must be a number (USD per million tokens), got ''",
        "pricing: {input: [1], output: 2}|entry 'a': pricing.input must be a single value",
        "pricing: {input: 1, output: -2}|entry 'a': pricing.output must not be negative, got -2",
        "pricing: {input: 1, output: 2, cache_read: -0.1}|entry 'a': pricing.cache_read must not be negative, got -0.1",
        "pricing: {input: 1, output: 2, cache_write: -3}|entry 'a': pricing.cache_write must not be negative, got -3",
        "pricing: {input: 1, output: 2, cache_write_1h: -6}|entry 'a': pricing.cache_write_1h must not be negative, got -6",
        "pricing: {input: 1, output: 2, cache_read: x}|entry 'a': pricing.cache_read must be a number (USD per million tokens), got 'x'",
        "pricing: {input: 1e7, output: 2}|entry 'a': pricing.input is implausibly large (over $1,000,000 per million tokens): 1e7",
        "pricing: {input: 1}|entry 'a': pricing has no 'output' price",
        "pricing: {output: 1}|entry 'a': pricing has no 'input' price",
        "pricing: {}|entry 'a': pricing has no 'input' price",
        "pricing: 3|entry 'a': pricing of 'a' must be a mapping of keys to values",
        "pricing: {input: 1, output: 2, input: 3}|entry 'a': duplicate key 'input'",
        "provider: xNEWLINEprovider: y|entry #1: duplicate key 'provider'",
        "aliases: [b]|entry 'a': missing 'pricing' (with at least input and output)",
        "aliases: bNEWLINEpricing: {input: 1, output: 2}|entry 'a': 'aliases' must be a list of model ids",
        "pricing: {input: 1, output: 2}NEWLINElong_context: {input: 2, output: 4}|entry 'a': long_context has no 'threshold'",
        "pricing: {input: 1, output: 2}NEWLINElong_context: {threshold: -5, input: 2, output: 4}|entry 'a': long_context.threshold must not be negative, got -5",
        "pricing: {input: 1, output: 2}NEWLINElong_context: {threshold: 1.5, input: 2, output: 4}|entry 'a': long_context.threshold must be a whole number of tokens, got '1.5'",
        "pricing: {input: 1, output: 2}NEWLINElong_context: {threshold: many, input: 2, output: 4}|entry 'a': long_context.threshold must be a whole number of tokens, got 'many'",
        "pricing: {input: 1, output: 2}NEWLINElong_context: {threshold: 200000, output: 4}|entry 'a': long_context has no 'input' price",
        "pricing: {input: 1, output: 2}NEWLINElong_context: {threshold: 200000, input: 4}|entry 'a': long_context has no 'output' price",
        "pricing: {input: 1, output: 2}NEWLINElong_context: {threshold: 200000, input: -4, output: 8}|entry 'a': long_context.input must not be negative, got -4",
        "pricing: {input: 1, output: 2}NEWLINElong_context: [200000]|entry 'a': long_context of 'a' must be a mapping of keys to values",
    })
    void badEntriesAreRefusedNamingFileLineColumnAndEntry(String body, String problem) {
        String m = refusal(entry(body));
        assertTrue(m.matches("cat\\.yaml:\\d+:\\d+: .*"), m);
        assertTrue(m.contains(": " + problem), () -> m + "\n  should contain\n" + problem);
    }

    @Test
    void namesThatCollideAreRefusedWhicheverWayTheyCollide() {
        String p = "    pricing: {input: 1, output: 2}\n";
        assertEquals("cat.yaml:4:9: entry 'a': duplicate model id or alias 'a' (first defined at line 2)",
                refusal("catalog:\n  - id: a\n" + p + "  - id: A\n" + p), "ids differing in case only");
        assertEquals("cat.yaml:3:15: entry 'a': duplicate model id or alias 'a' (first defined at line 2)",
                refusal("catalog:\n  - id: a\n    aliases: [a]\n" + p), "an alias equal to its own id");
        assertEquals("cat.yaml:3:18: entry 'a': duplicate model id or alias 'x' (first defined at line 3)",
                refusal("catalog:\n  - id: a\n    aliases: [x, x]\n" + p), "an alias twice");
        assertEquals("cat.yaml:5:15: entry 'b': duplicate model id or alias 'a' (first defined at line 2)",
                refusal("catalog:\n  - id: a\n" + p + "  - id: b\n" + p.replace("pricing", "aliases: [a]\n    pricing")),
                "an alias equal to an earlier model's id");
        assertEquals("cat.yaml:5:9: entry 'b': duplicate model id or alias 'b' (first defined at line 3)",
                refusal("catalog:\n  - id: a\n    aliases: [b]\n" + p + "  - id: b\n" + p),
                "an id equal to an earlier model's alias");
    }

    @Test
    void entriesWithoutAUsableIdAreRefusedByTheirPosition() {
        assertEquals("cat.yaml:4:5: entry #2: missing 'id'",
                refusal("catalog:\n  - id: a\n    pricing: {input: 1, output: 2}\n  - pricing: {input: 1, output: 2}\n"));
        assertTrue(refusal("catalog:\n  - id: ''\n    pricing: {input: 1, output: 2}\n")
                .startsWith("cat.yaml:2:9: entry #1: id must not be empty"));
        assertTrue(refusal("catalog:\n  - id: [a]\n    pricing: {input: 1, output: 2}\n")
                .startsWith("cat.yaml:2:9: entry #1: id must be a single value"));
        assertTrue(refusal("catalog:\n  - just a string\n").startsWith("cat.yaml:2:5: entry #1: catalog entry #1 must be a mapping"));
        assertTrue(refusal("catalog: {id: a}\n").startsWith("cat.yaml:1:10: 'catalog' must be a list of models"));
        assertTrue(refusal("- id: a\n").startsWith("cat.yaml:1:1: the top level must be a mapping"));
        assertTrue(refusal("currency: EUR\ncatalog: []\n").startsWith("cat.yaml:1:11: currency must be USD, got 'EUR'"));
    }

    @Test
    void unknownKeysAtEveryLevelWarnNamingFileLineAndColumnAndTheCatalogStillLoads() throws CatalogException {
        PriceCatalog c = parse("""
                schema: 2
                catalog:
                  - id: a
                    family: claude
                    pricing: {input: 1, output: 2, batch_input: 0.5}
                    long_context: {threshold: 10, input: 2, output: 4, batch_output: 2}
                """);
        assertEquals(List.of(
                "cat.yaml:1:1: unknown key 'schema' in the top level (ignored)",
                "cat.yaml:4:5: unknown key 'family' in catalog entry #1 (ignored)",
                "cat.yaml:5:36: unknown key 'batch_input' in pricing of 'a' (ignored)",
                "cat.yaml:6:56: unknown key 'batch_output' in long_context of 'a' (ignored)"), c.warnings());
        assertEquals(1, c.models().size());
    }

    @Test
    void filesThatAreNotYamlTextAreRefusedNamingTheFile(@TempDir Path dir) throws Exception {
        Path binary = dir.resolve("binary.yaml");
        Files.write(binary, new byte[] {'c', 'a', 't', (byte) 0xff, (byte) 0xfe, 0, 1, 2, ':', '\n'});
        assertEquals(binary + ": is not UTF-8 text",
                assertThrows(CatalogException.class, () -> CatalogLoader.load(binary)).getMessage());

        Path dirAsFile = Files.createDirectories(dir.resolve("folder.yaml"));
        assertTrue(assertThrows(CatalogException.class, () -> CatalogLoader.load(dirAsFile)).getMessage()
                .startsWith(dirAsFile + ": catalog file does not exist or is not a regular file"));

        // Nested far deeper than any catalog: the YAML library's limit, reported as a refusal, not a crash.
        String deep = "catalog: " + "[".repeat(5000) + "]".repeat(5000) + "\n";
        assertTrue(refusal(deep).startsWith("cat.yaml"));
        // A "billion laughs" document: refused by the alias limit instead of exhausting memory.
        StringBuilder laughs = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'k'; c++) {
            char prev = (char) (c - 1);
            laughs.append(c).append(": &").append(c).append(" [*").append(prev).append(", *").append(prev)
                    .append(", *").append(prev).append(", *").append(prev).append(", *").append(prev).append("]\n");
        }
        assertTrue(refusal(laughs + "catalog: *k\n").startsWith("cat.yaml"));
    }

    /**
     * The repository's catalog, damaged at random: it either still loads or is refused with one line naming the
     * file; no other exception ever comes out.
     */
    @Test
    void aRandomlyDamagedCatalogLoadsOrIsRefusedNeverAnythingElse() throws Exception {
        String original = Files.readString(Path.of("..", "models_catalog.yaml"));
        long seed = Long.getLong("catalog.seed", System.nanoTime());
        Random random = new Random(seed);
        String noise = ":-[]{}#&*!|>'\"%@`,? \t\n0123456789.eE-abc\u00e9\u0000";
        int refused = 0;
        for (int i = 0; i < 500; i++) {
            String damaged = TextDamage.damage(original, random, 4, noise);
            try {
                parse(damaged);
            } catch (CatalogException e) {
                refused++;
                assertTrue(e.getMessage().matches("cat\\.yaml:\\d+:\\d+: .+"),
                        () -> "seed " + seed + ": names file, line and column: " + e.getMessage());
                for (char c : e.getMessage().toCharArray()) {
                    assertFalse(Character.isISOControl(c), () -> "seed " + seed + ": one line: " + e.getMessage());
                }
            } catch (RuntimeException | Error e) {
                fail("seed " + seed + ": damaged catalog threw " + e, e);
            }
        }
        assertTrue(refused > 100, "damage is noticed: " + refused + " of 500 refused");
    }
}
