package dev.costagent.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.costagent.agent.pricing.CatalogLoader;
import dev.costagent.agent.pricing.ModelPrice;
import dev.costagent.agent.pricing.ModelResolver;
import dev.costagent.agent.pricing.PriceCatalog;
import dev.costagent.agent.value.Money;
import dev.costagent.agent.value.TokenCounts;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PricesImportTest {

    static final Path FIXTURES = Path.of("src/test/resources/dev/costagent/agent/cli");
    static final Path LITELLM = FIXTURES.resolve("litellm-prices.json");
    static final Path GENAI = FIXTURES.resolve("genai-prices.json");

    @TempDir
    Path dir;

    private PriceCatalog imported(Path fixture) throws Exception {
        Path out = dir.resolve(fixture.getFileName() + ".yaml");
        CliRun run = CliRun.of("prices", "import", fixture.toString(), "-o", out.toString()).assertOk();
        assertTrue(run.out().startsWith("Imported "), run.toString());
        return CatalogLoader.load(out);
    }

    @Test
    void liteLlmPerTokenFloatsBecomeExactPricesPerMillion() throws Exception {
        PriceCatalog c = imported(LITELLM);
        assertEquals(Set.of("claude-sonnet-4-5", "gpt-4o-mini", "gemini/gemini-2.5-flash", "text-embedding-3-small",
                "gpt-3.5-turbo-instruct"), c.models().keySet());
        String yaml = Files.readString(dir.resolve("litellm-prices.json.yaml"));
        // 3.3e-06 * 1e6 is 3.3000000000000003 in binary floating point; read as a decimal it is 3.30.
        assertTrue(yaml.contains("    pricing: {input: 3.30, output: 16.50, cache_read: 0.33, cache_write: 4.125, "
                + "cache_write_1h: 6.60}\n    long_context: {threshold: 200000, input: 6.60, output: 24.75, "
                + "cache_read: 0.66, cache_write: 8.25, cache_write_1h: 6.60}"), yaml);
        ModelPrice sonnet = c.models().get("claude-sonnet-4-5");
        assertEquals(3_300_000, sonnet.base().input());
        assertEquals(200_000, sonnet.tierThreshold());
        assertEquals(0, c.models().get("text-embedding-3-small").base().output());
        // gpt-4o-mini's null cache write falls back to input, as in the bundled catalog.
        assertEquals(150_000, c.models().get("gpt-4o-mini").base().cacheWrite());
    }

    @Test
    void liteLlmSkipsWhatTheCatalogCannotExpressAndCountsIt() throws Exception {
        PriceImport p = PricesImportCommand.read(LITELLM, Set.of(), LocalDate.of(2026, 12, 1));
        assertEquals(Map.of("a price finer than 6 decimals per million tokens", 1, "a price per request", 1,
                "mode audio_transcription", 1, "mode image_generation", 1, "mode moderation", 1,
                "more than one long-context tier", 1, "not priced per token", 2), p.skipped);
        assertEquals(Set.of("models whose audio, image or video prices are left out (their text prices are kept)",
                "models whose batch, flex or priority prices are left out (the standard ones are kept)",
                "models whose per-query tool prices (web search) are left out"), p.notes.keySet());
        PriceImport openai = PricesImportCommand.read(LITELLM, Set.of("openai"), LocalDate.of(2026, 12, 1));
        assertEquals(List.of("gpt-4o-mini", "text-embedding-3-small"), openai.models.stream().map(ImportedModel::id).toList());
    }

    @Test
    void genAiPricesTakesThePriceInForceTiersAliasesAndOneIdPerProvider() throws Exception {
        PriceCatalog c = imported(GENAI);
        assertEquals(Set.of("claude-sonnet-4-5", "claude-haiku-4-5", "deepseek-chat", "gpt-4o",
                "text-embedding-3-small", "gpt-4o-realtime", "azure/gpt-4o"), c.models().keySet());
        // The 2025-10-01 price is in force; the 2099 one is not yet.
        assertEquals(1_000_000, c.models().get("claude-haiku-4-5").base().input());
        assertEquals("claude-haiku-4-5", c.aliases().get("claude-haiku-4-5-20251001"));
        assertEquals("claude-sonnet-4-5", c.aliases().get("claude-sonnet-4.5"));
        assertEquals("gpt-4o", c.aliases().get("gpt-4o-2024-11-20"));
        // openai's model_match claims gpt-4o; Azure's copy keeps its own price under its own id.
        assertEquals("openai", c.models().get("gpt-4o").provider());
        assertEquals(2_750_000, c.models().get("azure/gpt-4o").base().input());
        // One cache-write price for both lifetimes; the tier at its start, exclusive.
        ModelPrice sonnet = c.models().get("claude-sonnet-4-5");
        assertEquals(3_375_000, sonnet.base().cacheWrite1h());
        assertEquals(6_750_000, sonnet.tier().cacheWrite1h());
        assertEquals(200_000, sonnet.tierThreshold());
        PriceImport p = PricesImportCommand.read(GENAI, Set.of(), LocalDate.of(2026, 12, 1));
        assertEquals(Map.of("a price per request", 1, "more than one price tier", 1, "no price in force", 1,
                "no text token price", 1), p.skipped);
        assertTrue(p.notes.containsKey("models whose time-of-day prices (off-peak) are left out"), p.notes.toString());
        // Before 2025-10-01, the first price of the list applies.
        PriceImport earlier = PricesImportCommand.read(GENAI, Set.of("anthropic"), LocalDate.of(2025, 1, 1));
        assertEquals(new BigDecimal("0.8"), earlier.models.get(1).base().get("input"));
    }

    @Test
    void aCallPricedWithAnImportedCatalogIsExactToThePicodollar() throws Exception {
        // ReliabilityProgram's Sonnet call: 12 input, 2048 cache read, 100 cache write (5 min), 6 output.
        TokenCounts call = new TokenCounts(12, 2048, 100, 0, 6);
        ModelPrice lite = new ModelResolver(imported(LITELLM)).resolve("claude-sonnet-4-5-20250929");
        assertEquals(Money.picos(new BigDecimal("0.00122694")), lite.costPicos(call));
        ModelPrice genai = new ModelResolver(imported(GENAI)).resolve("claude-sonnet-4-5-20250929");
        assertEquals(Money.picos(new BigDecimal("0.00100386")), genai.costPicos(call));
    }

    @Test
    void pricesDiffShowsWhatChangedModelByModel() throws Exception {
        imported(LITELLM);
        imported(GENAI);
        List<String> lines = CliRun.of("prices", "diff", dir.resolve("litellm-prices.json.yaml").toString(),
                dir.resolve("genai-prices.json.yaml").toString()).assertOk().lines();
        assertEquals("USD per million tokens. 5 added, 3 removed, 1 changed, 1 unchanged.", lines.get(2));
        assertTrue(lines.contains("  ~ claude-sonnet-4-5: input 3.3 -> 2.7, output 16.5 -> 13.5, cache_read 0.33 -> "
                + "0.27, cache_write 4.125 -> 3.375, cache_write_1h 6.6 -> 3.375, long-context input 6.6 -> 5.4, "
                + "long-context output 24.75 -> 20.25, long-context cache_read 0.66 -> 0.54, long-context cache_write "
                + "8.25 -> 6.75, long-context cache_write_1h 6.6 -> 6.75"), String.join("\n", lines));
        assertTrue(lines.contains("  - gpt-4o-mini (openai): input 0.15, output 0.6, cache_read 0.075, cache_write 0.15, "
                + "cache_write_1h 0.15"), String.join("\n", lines));
    }

    @Test
    void aMalformedOrUnusablePriceFileIsOneLineAndExitTwo() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"gpt-4o\": {\"input_cost_per_token\": 1e-06,,}}");
        assertTrue(CliRun.of("prices", "import", broken.toString()).assertBadInput().startsWith(
                "cost-agent prices import: " + broken + ": not a readable price list: Unexpected character (','"),
                broken.toString());
        Path images = Files.writeString(dir.resolve("images.json"),
                "{\"dall-e-3\": {\"input_cost_per_pixel\": 4e-08, \"mode\": \"image_generation\"}}");
        assertEquals("cost-agent prices import: " + images + ": no model could be imported from this LiteLLM price "
                + "list (1 mode image_generation)", CliRun.of("prices", "import", images.toString()).assertBadInput());
        Path number = Files.writeString(dir.resolve("number.json"), "42");
        assertTrue(CliRun.of("prices", "import", number.toString()).assertBadInput().contains("not a price list"));
        assertTrue(CliRun.of("prices", "import", dir.resolve("none.json").toString()).assertBadInput()
                .endsWith("none.json: no such file"));
        Path notCatalog = Files.writeString(dir.resolve("x.yaml"), "catalog: 5\n");
        assertTrue(CliRun.of("prices", "diff", notCatalog.toString(), notCatalog.toString()).assertBadInput()
                .contains("'catalog' must be a list of models"));
    }

    @Test
    void withoutOutputTheCatalogGoesToStandardOutputAndTheSummaryToStandardError() throws Exception {
        CliRun run = CliRun.of("prices", "import", "--provider", "openai", LITELLM.toString()).assertOk();
        assertTrue(run.out().startsWith("# cost-agent model catalog"), run.toString());
        assertTrue(run.err().startsWith("Imported 2 models"), run.toString());
        assertEquals(2, CatalogLoader.parse("stdout", run.out()).models().size());
        assertNull(CatalogLoader.parse("stdout", run.out()).models().get("claude-sonnet-4-5"));
    }
}
