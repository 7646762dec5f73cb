package dev.costagent.agent.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.io.StringReader;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The bundled catalog and a catalog as a user writes one are read without a single SnakeYAML class being loaded:
 * each runs in a class loader of its own that records every class the JVM asks it for (a class named in a catch
 * clause of {@link CatalogLoader} would be asked for when the verifier checks it).
 */
class CatalogWithoutSnakeYamlTest {

    private static final String USER_CATALOG = """
            # prices for our own deployment
            prices_checked: "2026-11-01"
            currency: USD
            catalog:
              - id: claude-sonnet-4-5
                provider: anthropic
                aliases:
                  - sonnet
                  - 'claude-sonnet-4-5-20250929'
                pricing:
                  input: 3.00          # USD per million tokens
                  output: 15.00
                  cache_read: 0.30
                long_context: {threshold: 200000, input: 6.00, output: 22.50,
                               cache_read: 0.60}
              - id: ft:gpt-4o-mini:acme:v2
                provider: openai
                pricing: {input: 0.30, output: 1.20}
            """;

    /** Records the name of every class it is asked to load; loads this module's classes itself. */
    private static final class RecordingLoader extends URLClassLoader {
        final Set<String> asked = ConcurrentHashMap.newKeySet();

        RecordingLoader() {
            super(new URL[] {codeSource(CatalogLoader.class), codeSource(Yaml.class)}, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            asked.add(name);
            return super.loadClass(name, resolve);
        }

        Set<String> snakeYamlClasses() {
            return asked.stream().filter(n -> n.startsWith("org.yaml.")).collect(Collectors.toSet());
        }
    }

    private static URL codeSource(Class<?> c) {
        return c.getProtectionDomain().getCodeSource().getLocation();
    }

    /** Calls {@code CatalogLoader.parse} in the loader, or {@code loadBundled} when {@code yaml} is null. */
    private static Map<?, ?> models(RecordingLoader loader, String yaml) throws Exception {
        Class<?> catalogLoader = Class.forName(CatalogLoader.class.getName(), true, loader);
        assertEquals(loader, catalogLoader.getClassLoader());
        Object catalog = yaml == null
                ? catalogLoader.getMethod("loadBundled").invoke(null)
                : catalogLoader.getMethod("parse", String.class, Reader.class).invoke(null, "cat.yaml", new StringReader(yaml));
        return (Map<?, ?>) catalog.getClass().getMethod("models").invoke(catalog);
    }

    @Test
    void theBundledCatalogIsReadWithoutLoadingSnakeYaml() throws Exception {
        try (RecordingLoader loader = new RecordingLoader()) {
            assertTrue(models(loader, null).size() > 20);
            assertTrue(loader.asked.contains(SubsetYamlParser.class.getName()), "the recording works");
            assertEquals(Set.of(), loader.snakeYamlClasses());
        }
    }

    @Test
    void aUserCatalogInTheUsualStyleIsReadWithoutLoadingSnakeYaml() throws Exception {
        try (RecordingLoader loader = new RecordingLoader()) {
            assertEquals(List.of("claude-sonnet-4-5", "ft:gpt-4o-mini:acme:v2"),
                    models(loader, USER_CATALOG).keySet().stream().map(Object::toString).sorted().toList());
            assertEquals(Set.of(), loader.snakeYamlClasses());
        }
    }

    @Test
    void aCatalogOutsideTheSubsetDoesLoadSnakeYaml() throws Exception {
        try (RecordingLoader loader = new RecordingLoader()) {
            models(loader, USER_CATALOG.replace("provider: anthropic", "provider: &p anthropic"));
            assertTrue(loader.snakeYamlClasses().contains(Yaml.class.getName()), loader.snakeYamlClasses().toString());
        }
    }
}
