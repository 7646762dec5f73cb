package dev.costagent.agent.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModelResolverTest {

    private static final ModelResolver RESOLVER = new ModelResolver(CatalogLoader.loadBundled());

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "gpt-4o-mini-2024-07-18, gpt-4o-mini",
        "gpt-4o-mini, gpt-4o-mini",
        "gpt-4o-2024-08-06, gpt-4o",
        "gpt-4o-2024-05-13, gpt-4o-2024-05-13",
        "GPT-4o, gpt-4o",
        "claude-sonnet-4-5-20250929, claude-sonnet-4-5",
        "anthropic/claude-sonnet-4-5, claude-sonnet-4-5",
        "us.anthropic.claude-sonnet-4-5-20250929-v1:0, claude-sonnet-4-5",
        "anthropic.claude-haiku-4-5-20251001-v1:0, claude-haiku-4-5",
        "bedrock/anthropic.claude-opus-4-1-20250805-v1:0, claude-opus-4-1",
        "openai/gpt-5-mini-2025-08-07, gpt-5-mini",
        "gpt-5-nano-2099-01-01, gpt-5-nano",
        "models/gemini-2.5-flash, gemini-2.5-flash",
        "gemini-2.5-flash-lite, gemini-2.5-flash-lite",
        "gemini-2.5-flash-preview-09-2025, gemini-2.5-flash",
        "claude-sonnet-4-5@20250929, claude-sonnet-4-5",
        "gpt-4o-mini-search-preview, gpt-4o-mini",
        "o4-mini-deep-research, o4-mini",
        "claude-3-5-haiku-latest, claude-3-5-haiku",
    })
    void resolvesApiModelNamesToCatalogIds(String name, String id) {
        assertEquals(id, RESOLVER.resolve(name).id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "gpt-4ox", "llama-3-70b", "claude", "my-custom-finetune:ft-123", "gpt"})
    void unknownModelsResolveToNothing(String name) {
        assertNull(RESOLVER.resolve(name));
    }

    /**
     * Names alternating, repeated, equal but not the same string, and sharing a slot of the recent-names table (the
     * last two: same length, same last and middle characters, different answers): each gets its own answer, from
     * any thread.
     */
    @Test
    void theRecentNamesShortcutNeverAnswersForAnotherName() throws Exception {
        ModelResolver resolver = new ModelResolver(CatalogLoader.loadBundled());
        String[] names = {"gpt-4o-2024-08-06", "claude-sonnet-4-5-20250929", "llama-3-70b", "", "gpt-4o-mini",
            "gpt-4o-2024-05-13", "gpt-4o-2024-08-13"};
        String[] ids = {"gpt-4o", "claude-sonnet-4-5", null, null, "gpt-4o-mini", "gpt-4o-2024-05-13", "gpt-4o"};
        Runnable check = () -> {
            java.util.Random random = new java.util.Random(Thread.currentThread().getId());
            for (int i = 0; i < 50_000; i++) {
                int k = random.nextInt(names.length);
                ModelPrice p = resolver.resolve(new String(names[k].toCharArray()));
                assertEquals(ids[k], p == null ? null : p.id(), names[k]);
            }
        };
        Thread[] threads = new Thread[4];
        java.util.List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(check);
            threads[t].setUncaughtExceptionHandler((th, e) -> failures.add(e));
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(java.util.List.of(), failures);
    }

    /** The suffix rule as it was written first, a regular expression, against the shortcut that spares it. */
    @Test
    void theSuffixShortcutAgreesWithThePattern() {
        Pattern reference = Pattern.compile("(?:[-@](?:\\d{8}|\\d{4}-\\d{2}-\\d{2}))?(?:-v\\d+(?::\\d+)?|:\\d+)?$");
        String alphabet = "0123456789-@:va.\n\r\u0085\u2028\u2029 x";
        Random random = new Random(11);
        for (int round = 0; round < 200_000; round++) {
            StringBuilder name = new StringBuilder(round % 3 == 0 ? "claude-sonnet-4-5" : "");
            int length = random.nextInt(14);
            for (int k = 0; k < length; k++) {
                name.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String n = name.toString();
            assertEquals(reference.matcher(n).replaceFirst(""), ModelResolver.withoutSuffix(n), n);
        }
        for (String n : new String[] {"gpt-4o-2024-08-06", "claude-3-5-sonnet@20241022", "anthropic.claude-v2:1",
                "model-12345678-v2:0", "x:0", "", "gpt-4o\n", "gpt-4o-2024-08-06\u2028"}) {
            assertEquals(reference.matcher(n).replaceFirst(""), ModelResolver.withoutSuffix(n), n);
        }
    }
}
