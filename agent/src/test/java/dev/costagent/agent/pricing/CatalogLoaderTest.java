package dev.costagent.agent.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CatalogLoaderTest {

    private static PriceCatalog parse(String yaml) throws CatalogException {
        return CatalogLoader.parse("cat.yaml", new StringReader(yaml));
    }

    private static String refusal(String yaml) {
        return assertThrows(CatalogException.class, () -> parse(yaml)).getMessage();
    }

    @Test
    void theRepositoryCatalogIsTheBundledOne() throws Exception {
        PriceCatalog file = CatalogLoader.load(Path.of("..", "models_catalog.yaml"));
        PriceCatalog bundled = CatalogLoader.loadBundled();
        assertEquals(file.models(), bundled.models());
        assertEquals(file.aliases(), bundled.aliases());
    }

    /** Any way YAML lets one write the same catalog reads as the same prices: scalars are the text written. */
    @Test
    void pricesAreTheDecimalsWrittenWhateverTheYamlStyle() throws CatalogException {
        PriceCatalog flow = parse("catalog:\n  - {id: a, pricing: {input: 0.5, output: 1000, cache_read: 1},"
                + " long_context: {threshold: 1000, input: 2, output: 3}}\n");
        PriceCatalog block = parse(String.join("\r\n",
                "--- # CRLF line ends, comments, quotes and YAML's other ways of writing numbers",
                "prices_checked: 2026-11-22",
                "catalog:",
                "- id: \"A\"          # ids are case-insensitive",
                "  pricing:",
                "    input: .5",
                "    'output': 1e3",
                "    cache_read: '+1'",
                "  long_context:",
                "    threshold: 1_000",
                "    input: \"2.\"",
                "    output: 3.000000",
                ""));
        assertEquals(flow.models(), block.models());
        assertEquals(new Rates(500_000, 1_000_000, 500_000, 500_000, 1_000_000_000), block.models().get("a").base());
        assertEquals("2026-11-22", block.pricesChecked(), "a date is kept as written");
    }

    @Test
    void yamlSyntaxErrorsNameFileLineAndColumn() {
        String m = refusal("catalog:\n  - id: a\n    pricing: {input: 1, output: 2\n");
        assertTrue(m.startsWith("cat.yaml:"), m);
        assertTrue(m.matches("cat\\.yaml:\\d+:\\d+: YAML syntax error: .*"), m);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "pricing: {input: -1, output: 2}|cat.yaml:3:22: entry 'a': pricing.input must not be negative, got -1",
        "pricing: {input: abc, output: 2}|cat.yaml:3:22: entry 'a': pricing.input must be a number (USD per million tokens), got 'abc'",
        "pricing: {output: 2}|cat.yaml:3:14: entry 'a': pricing has no 'input' price",
        "pricing: {input: 2}|cat.yaml:3:14: entry 'a': pricing has no 'output' price",
        "pricing: {input: 0.0000001, output: 2}|cat.yaml:3:22: entry 'a': pricing.input has more than 6 decimals, finer than the agent prices: 0.0000001",
        "pricing: {input: 1, output: 2}NEWLINE    long_context: {input: 2, output: 4}|cat.yaml:4:19: entry 'a': long_context has no 'threshold' (total input tokens above which it applies)",
    })
    void badPricesAreRefusedNamingFileLineAndEntry(String pricing, String message) {
        assertEquals(message, refusal("catalog:\n  - id: a\n    " + pricing.replace("NEWLINE", "\n") + "\n"));
    }

    @Test
    void duplicateIdsAndAliasesAreRefused() {
        String dupId = refusal("""
                catalog:
                  - id: a
                    pricing: {input: 1, output: 2}
                  - id: a
                    pricing: {input: 1, output: 2}
                """);
        assertEquals("cat.yaml:4:9: entry 'a': duplicate model id or alias 'a' (first defined at line 2)", dupId);
        String dupAlias = refusal("""
                catalog:
                  - id: a
                    aliases: [x]
                    pricing: {input: 1, output: 2}
                  - id: b
                    aliases: [x]
                    pricing: {input: 1, output: 2}
                """);
        assertEquals("cat.yaml:6:15: entry 'b': duplicate model id or alias 'x' (first defined at line 3)", dupAlias);
    }

    @Test
    void anAliasThatIsAnotherModelsIdIsRefusedWhicheverComesFirst() {
        String later = refusal("""
                catalog:
                  - id: a
                    aliases: [b]
                    pricing: {input: 1, output: 2}
                  - id: b
                    pricing: {input: 1, output: 2}
                """);
        assertEquals("cat.yaml:5:9: entry 'b': duplicate model id or alias 'b' (first defined at line 3)", later);
    }

    @Test
    void unknownKeysWarnButLoad() throws CatalogException {
        PriceCatalog c = parse("""
                catalog:
                  - id: a
                    context_window: 200000
                    pricing: {input: 1, output: 2, batch_input: 0.5}
                """);
        assertEquals(2, c.warnings().size(), c.warnings().toString());
        assertTrue(c.warnings().get(0).contains("unknown key 'context_window'"), c.warnings().get(0));
        assertTrue(c.warnings().get(1).startsWith("cat.yaml:4:36: unknown key 'batch_input'"), c.warnings().get(1));
    }

    @Test
    void missingOrEmptyFilesAreRefused(@TempDir Path dir) throws Exception {
        assertTrue(assertThrows(CatalogException.class, () -> CatalogLoader.load(dir.resolve("none.yaml")))
                .getMessage().contains("does not exist"));
        Path empty = Files.writeString(dir.resolve("empty.yaml"), "");
        assertTrue(assertThrows(CatalogException.class, () -> CatalogLoader.load(empty))
                .getMessage().endsWith("catalog is empty"));
        assertTrue(refusal("catalog: []\n").endsWith("'catalog' lists no models"));
        assertTrue(refusal("models: []\n").contains("missing 'catalog'"));
    }
}
