package dev.costagent.agent.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.costagent.agent.value.Money;
import dev.costagent.agent.value.TokenCounts;
import java.io.StringReader;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * Real-world cost vectors from peer projects (shared/PRICING_REFERENCE.md), re-derived by hand. Token counts are
 * given as the provider reports them and normalised here as the usage reader does (OpenAI's prompt tokens include
 * cached ones; Anthropic's input tokens do not).
 */
class PricingVectorsTest {

    private static final PriceCatalog BUNDLED = CatalogLoader.loadBundled();

    private static BigDecimal cost(String model, TokenCounts t) {
        ModelPrice p = new ModelResolver(BUNDLED).resolve(model);
        return Money.usd(p.costPicos(t));
    }

    private static BigDecimal cost(PriceCatalog c, String model, TokenCounts t) {
        return Money.usd(new ModelResolver(c).resolve(model).costPicos(t));
    }

    private static void assertUsd(String expected, BigDecimal actual) {
        assertEquals(0, new BigDecimal(expected).compareTo(actual), () -> "expected " + expected + " but was " + actual);
    }

    /** Anthropic: input_tokens excludes cache tokens. */
    private static TokenCounts anthropic(long input, long cacheRead, long write5m, long write1h, long output) {
        return new TokenCounts(input, cacheRead, write5m, write1h, output);
    }

    /** OpenAI: prompt_tokens includes cached_tokens. */
    private static TokenCounts openai(long prompt, long cached, long completion) {
        return new TokenCounts(prompt - cached, cached, 0, 0, completion);
    }

    private static PriceCatalog catalog(String yaml) throws CatalogException {
        return CatalogLoader.parse("test.yaml", new StringReader(yaml));
    }

    @Test
    void genaiPricesA3CacheWritesAreSplitBetweenFiveMinuteAndOneHourRates() {
        // claude-sonnet-4-20250514: 100 input, 200 5m writes, 100 1h writes, 50 output
        assertUsd("0.00240", cost("claude-sonnet-4-20250514", anthropic(100, 0, 200, 100, 50)));
    }

    @Test
    void genaiPricesA8ToA11LongContextTierAppliesOnlyStrictlyAboveTheThreshold() {
        assertUsd("0.3", cost("claude-sonnet-4-5", anthropic(100_000, 0, 0, 0, 0)));
        assertUsd("0.6", cost("claude-sonnet-4-5", anthropic(200_000, 0, 0, 0, 0)));
        assertUsd("1.200006", cost("claude-sonnet-4-5", anthropic(200_001, 0, 0, 0, 0)));
        assertUsd("6", cost("claude-sonnet-4-5", anthropic(1_000_000, 0, 0, 0, 0)));
    }

    @Test
    void longContextTierCountsCacheTokensTowardsTheThresholdAndRepricesEveryClass() {
        // 100,000 uncached + 100,001 cache read = 200,001 input tokens: tier prices for all of it.
        TokenCounts t = anthropic(100_000, 100_001, 0, 0, 1_000);
        // 100000*6 + 100001*0.6 + 1000*22.5 per million
        assertUsd("0.6825006", cost("claude-sonnet-4-5-20250929", t));
        TokenCounts below = anthropic(100_000, 99_999, 1, 0, 1_000);
        // 100000*3 + 99999*0.3 + 1*3.75 + 1000*15 per million
        assertUsd("0.34500345", cost("claude-sonnet-4-5", below));
    }

    @Test
    void genaiPricesA6AndA7OpenAiCachedTokensArePricedAtTheCacheRate() {
        assertUsd("0.268098", cost("gpt-4.1-2025-04-14", openai(131_609, 0, 610)));
        assertUsd("0.070722", cost("gpt-4.1-2025-04-14", openai(131_609, 131_584, 610)));
    }

    @Test
    void genaiPricesA1A2A4WithAClaude37Catalog() throws CatalogException {
        PriceCatalog c = catalog("""
                catalog:
                  - id: claude-3-7-sonnet
                    provider: anthropic
                    aliases: [claude-3-7-sonnet-20250219]
                    pricing: {input: 3, output: 15, cache_read: 0.3, cache_write: 3.75, cache_write_1h: 6}
                """);
        assertUsd("0.435621", cost(c, "claude-3-7-sonnet-20250219", anthropic(144_222, 0, 0, 0, 197)));
        assertUsd("0.54377925", cost(c, "claude-3-7-sonnet-20250219", anthropic(11, 0, 144_211, 0, 197)));
        assertUsd("0.0462513", cost(c, "claude-3-7-sonnet-20250219", anthropic(11, 144_211, 0, 0, 197)));
    }

    @Test
    void liteLlmB1CacheReadAndWriteAreItemisedOutOfAnInclusivePrompt() throws CatalogException {
        PriceCatalog c = catalog("""
                catalog:
                  - id: synthetic
                    pricing: {input: 5, output: 30, cache_read: 0.5, cache_write: 6.25}
                """);
        // prompt 42,122 = 100 fresh + 16,000 cached + 26,022 written; completion 50
        assertUsd("0.1726375", cost(c, "synthetic", new TokenCounts(100, 16_000, 26_022, 0, 50)));
    }

    @Test
    void liteLlmB2CacheWritesArePricedAtTheTierRateAboveTheThreshold() throws CatalogException {
        PriceCatalog c = catalog("""
                catalog:
                  - id: tiered
                    pricing: {input: 0.325, output: 1.95, cache_read: 0.0325, cache_write: 0.4063}
                    long_context: {threshold: 255999, input: 0.65, output: 3.9, cache_read: 0.065, cache_write: 0.8125}
                """);
        // 200k new + 60k cache creation + 40k cache read = 300k > 256k; completion 1000
        assertUsd("0.18525", cost(c, "tiered", new TokenCounts(200_000, 40_000, 60_000, 0, 1_000)));
    }

    @Test
    void liteLlmB6OpenAiStylePromptWithCachedTokens() throws CatalogException {
        PriceCatalog c = catalog("""
                catalog:
                  - id: mai-code-1-flash
                    pricing: {input: 0.75, output: 4.5, cache_read: 0.075}
                """);
        // prompt 0.000615 + completion 0.00225
        assertUsd("0.002865", cost(c, "mai-code-1-flash", openai(1_000, 200, 500)));
    }

    @Test
    void liteLlmB4ReasoningTokensArePricedAsOutput() throws CatalogException {
        PriceCatalog c = catalog("""
                catalog:
                  - id: o1
                    pricing: {input: 15, output: 60, cache_read: 7.5}
                """);
        // completion 1578 includes 952 reasoning tokens: all at the output rate
        assertUsd("0.094935", cost(c, "o1", openai(17, 0, 1_578)));
    }

    @Test
    void tokencostD3ToD5Gpt4oVectors() {
        assertUsd("0.000125", cost("gpt-4o", new TokenCounts(0, 100, 0, 0, 0)));
        assertUsd("0.0000375", cost("gpt-4o", new TokenCounts(15, 0, 0, 0, 0)));
        assertUsd("0.00004", cost("gpt-4o", new TokenCounts(0, 0, 0, 0, 4)));
    }

    @Test
    void sdkSampleBodiesPriceAsComputedByHand() {
        // Anthropic sample: 12 input, 2048 cache read, 100 5m writes, 6 output on Sonnet 4.5
        assertUsd("0.0011154", cost("claude-sonnet-4-5-20250929", anthropic(12, 2048, 100, 0, 6)));
        // OpenAI sample: prompt 2060 incl. 2048 cached, completion 150 on gpt-4o
        assertUsd("0.00409", cost("gpt-4o-2024-08-06", openai(2060, 2048, 150)));
        // Gemini sample on 2.5 Flash: prompt 2060 incl. 2048 cached, 150 candidates + 64 thoughts
        assertUsd("0.00060004", cost("gemini-2.5-flash", new TokenCounts(12, 2048, 0, 0, 214)));
    }

    @Test
    void geminiProLongContextTier() {
        // LiteLLM B7 scaled down: 220,000 prompt tokens, 150 output, all at the >200k rates
        assertUsd("0.55225", cost("gemini-2.5-pro", new TokenCounts(220_000, 0, 0, 0, 150)));
    }

    @Test
    void missingCachePricesFallBackToTheInputPrice() {
        // gpt-4o-2024-05-13 lists no cache prices: cached tokens cost the input price.
        assertUsd("0.005", cost("gpt-4o-2024-05-13", new TokenCounts(0, 1_000, 0, 0, 0)));
    }

    @Test
    void everyRequiredModelIsInTheBundledCatalog() {
        String[] required = {
            "claude-opus-4-5", "claude-opus-4-1", "claude-sonnet-4-5", "claude-sonnet-4", "claude-haiku-4-5",
            "claude-3-5-haiku", "gpt-5", "gpt-5-mini", "gpt-5-nano", "gpt-4.1", "gpt-4.1-mini", "gpt-4o",
            "gpt-4o-mini", "o3", "o4-mini", "gemini-2.5-pro", "gemini-2.5-flash", "gemini-2.5-flash-lite",
        };
        for (String id : required) {
            assertEquals(id, BUNDLED.models().get(id) == null ? null : BUNDLED.models().get(id).id(), id);
        }
        assertEquals("2026-11-22", BUNDLED.pricesChecked());
        assertEquals(0, BUNDLED.warnings().size(), () -> BUNDLED.warnings().toString());
    }

    @Test
    void anthropicCacheWritePricesAreTheDocumentedMultiplesOfInput() {
        for (ModelPrice p : BUNDLED.models().values()) {
            if (!p.provider().equals("anthropic")) {
                continue;
            }
            Rates r = p.base();
            assertEquals(r.input() * 5 / 4, r.cacheWrite(), p.id() + " 5m write = 1.25 x input");
            assertEquals(r.input() * 2, r.cacheWrite1h(), p.id() + " 1h write = 2 x input");
            assertEquals(r.input() / 10, r.cacheRead(), p.id() + " cache read = 0.1 x input");
        }
    }
}
