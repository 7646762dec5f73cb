package dev.costagent.agent.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The default catalog is built into the agent as price objects ({@code BundledCatalog}, written at build time by
 * {@code src/build/GenerateBundledCatalog.java} from what {@link CatalogReader} reads): they must be exactly what
 * the file reads as, whatever the file holds, and loading them must parse nothing.
 */
class BundledCatalogTest {

    private static final Path REPOSITORY_CATALOG = Path.of("..", "models_catalog.yaml");

    @TempDir
    Path work;

    /** Where the generator is compiled, once for the class. */
    @TempDir
    static Path generatorClasses;

    @Test
    void theBundledCatalogIsTheRepositoryFileAsAUserFileIsRead() throws Exception {
        String file = Files.readString(REPOSITORY_CATALOG);
        PriceCatalog bundled = CatalogLoader.loadBundled();
        assertEquals(CatalogReader.read("bundled models_catalog.yaml", file), bundled);
        assertTrue(bundled.models().size() > 20, bundled.models().keySet().toString());
        try (InputStream in = CatalogLoader.class.getClassLoader()
                .getResourceAsStream("dev/costagent/agent/models_catalog.yaml")) {
            assertNotNull(in, "the YAML is still in the jar for users");
            assertEquals(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

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

        boolean askedFor(String prefix) {
            return asked.stream().anyMatch(n -> n.startsWith(prefix));
        }
    }

    private static URL codeSource(Class<?> c) {
        return c.getProtectionDomain().getCodeSource().getLocation();
    }

    /**
     * In a class loader of its own that records every class the JVM asks it for (a class named in a signature or a
     * catch clause of {@link CatalogLoader} would be asked for when the verifier checks it).
     */
    @Test
    void theBundledCatalogLoadsNoYamlReaderWhileAFileDoes() throws Exception {
        try (RecordingLoader loader = new RecordingLoader()) {
            Class<?> catalogLoader = Class.forName(CatalogLoader.class.getName(), true, loader);
            assertEquals(loader, catalogLoader.getClassLoader());
            Object bundled = catalogLoader.getMethod("loadBundled").invoke(null);
            assertEquals(CatalogLoader.loadBundled().toString(), bundled.toString());
            assertTrue(loader.askedFor(BundledCatalog.class.getName()), "the recording works");
            assertEquals(false, loader.askedFor("org.yaml."), loader.asked.toString());
            assertEquals(false, loader.askedFor(CatalogReader.class.getName()), loader.asked.toString());

            catalogLoader.getMethod("parse", String.class, String.class)
                    .invoke(null, "cat.yaml", "catalog:\n  - id: a\n    pricing: {input: 1, output: 2}\n");
            assertTrue(loader.askedFor("org.yaml.snakeyaml.composer.Composer"), loader.asked.toString());
        }
    }

    @Test
    void anyCatalogComesBackExactlyThroughTheGeneratedSource() throws Exception {
        // Names holding every escape the generator writes, and text javac would otherwise take for escapes or line
        // ends; the prices at their extremes.
        String yaml = """
                prices_checked: "d\\u00e9c 2026 \\"x\\" \\\\ \\t"
                catalog:
                  - id: "q\\"uote \\\\back\\\\slash \\\\u0041 \\\\\\\\u0042"
                    provider: "ТЕСТ \\u2028 \\u2029"
                    aliases: ["line\\nbreak", "nul\\0del\\x7f", "tab\\tcr\\r", "\\U0001F600 \\ufeff \\u4e2d", "*/ /*"]
                    pricing: {input: 0.000001, output: 1000000, cache_read: 0}
                    long_context: {threshold: 9223372036854775807, input: 2, output: 3}
                  - id: plain
                    pricing: {input: 3, output: 15}
                """;
        PriceCatalog catalog = CatalogReader.read("bundled models_catalog.yaml", yaml);
        assertEquals(2, catalog.models().size(), catalog.toString());
        assertEquals(5, catalog.aliases().size(), catalog.toString());
        String source = (String) generator("source", Object.class).invoke(null, catalog);
        assertTrue(source.chars().allMatch(c -> c < 0x80), "the generated source is ASCII");
        assertEquals(source, generator("source", Object.class).invoke(null, CatalogReader.read("bundled models_catalog.yaml", yaml)),
                "the same catalog always gives the same source");
        assertEquals(catalog, compileAndRead(source));
    }

    /** The build stops, naming the file, the line, the column and the entry, as a user's file would be refused. */
    @Test
    void aCatalogTheAgentWouldRefuseOrWarnAboutStopsTheBuild() throws Exception {
        Path bad = Files.writeString(work.resolve("bad.yaml"), "catalog:\n  - id: a\n    pricing: {input: -1, output: 2}\n");
        Path out = work.resolve("generated");
        Method main = generator("main", String[].class);
        String[] args = {bad.toString(), Path.of("src", "main", "java").toString(), out.toString(),
            Path.of(codeSource(Yaml.class).toURI()).toString()};
        Throwable refused = assertThrows(InvocationTargetException.class, () -> main.invoke(null, (Object) args)).getCause();
        assertEquals("the bundled catalog is refused: " + bad + ":3:22: entry 'a': pricing.input must not be negative, got -1",
                refused.getMessage());

        Files.writeString(bad, "catalog:\n  - id: a\n    pricing: {input: 1, output: 2, batch: 1}\n");
        Throwable warned = assertThrows(InvocationTargetException.class, () -> main.invoke(null, (Object) args)).getCause();
        assertEquals("the bundled catalog must load without warnings: [" + bad
                + ":3:36: unknown key 'batch' in pricing of 'a' (ignored)]", warned.getMessage());
        assertEquals(false, Files.exists(out.resolve("dev/costagent/agent/pricing/BundledCatalog.java")));
    }

    private static Class<?> generator;

    /** A method of the generator, compiled once from its source as the build runs it. */
    private static Method generator(String name, Class<?>... parameters) throws Exception {
        if (generator == null) {
            compile(generatorClasses, null, Path.of("src", "build", "GenerateBundledCatalog.java"));
            // The platform loader as parent: the generator runs javac (javax.tools), as it does in the build.
            generator = new URLClassLoader(new URL[] {generatorClasses.toUri().toURL()}, ClassLoader.getPlatformClassLoader())
                    .loadClass("GenerateBundledCatalog");
        }
        Method m = generator.getDeclaredMethod(name, parameters);
        m.setAccessible(true);
        return m;
    }

    /** Compiles a generated {@code BundledCatalog} against this module's classes and returns its catalog. */
    private PriceCatalog compileAndRead(String javaSource) throws Exception {
        Path file = work.resolve("src/dev/costagent/agent/pricing/BundledCatalog.java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, javaSource, StandardCharsets.US_ASCII);
        Path out = Files.createDirectories(work.resolve("out"));
        compile(out, Path.of(codeSource(PriceCatalog.class).toURI()), file);
        String name = BundledCatalog.class.getName();
        // The test's own class path has a BundledCatalog too: this one must come from the folder, the records it
        // builds from the test's class path, so that they compare equal.
        try (URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL()}, getClass().getClassLoader()) {
            @Override
            protected Class<?> loadClass(String n, boolean resolve) throws ClassNotFoundException {
                return n.equals(name) ? findClass(n) : super.loadClass(n, resolve);
            }
        }) {
            Class<?> generated = loader.loadClass(name);
            assertEquals(loader, generated.getClassLoader());
            Field catalog = generated.getDeclaredField("CATALOG");
            catalog.setAccessible(true);
            return (PriceCatalog) catalog.get(null);
        }
    }

    private static void compile(Path out, Path classPath, Path file) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        String[] args = classPath == null
                ? new String[] {"-encoding", "US-ASCII", "-d", out.toString(), file.toString()}
                : new String[] {"-encoding", "US-ASCII", "-d", out.toString(), "-cp", classPath.toString(), file.toString()};
        int status = javac.run(null, null, errors, args);
        assertEquals(0, status, () -> "javac: " + errors.toString(StandardCharsets.UTF_8));
    }
}
