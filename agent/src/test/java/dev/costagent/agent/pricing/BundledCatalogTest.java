package dev.costagent.agent.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default catalog is built into the agent as class constants ({@code BundledCatalog}, written by
 * {@code src/build/GenerateBundledCatalog.java}): the constants must be the file's text, exactly, whatever it holds.
 */
class BundledCatalogTest {

    @TempDir
    Path work;

    @Test
    void theConstantsAreTheRepositoryFileAndTheBundledResource() throws Exception {
        String file = Files.readString(Path.of("..", "models_catalog.yaml"));
        assertEquals(file, BundledCatalog.text());
        assertEquals(file.length(), BundledCatalog.LENGTH);
        try (InputStream in = CatalogLoader.class.getClassLoader().getResourceAsStream(CatalogLoader.BUNDLED_RESOURCE)) {
            assertNotNull(in, "the YAML is still in the jar for users");
            assertEquals(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void anyTextComesBackExactlyAcrossParts() throws Exception {
        Method source = generator().getDeclaredMethod("source", String.class);
        source.setAccessible(true);
        StringBuilder tricky = new StringBuilder();
        // Every escape the generator writes, and text javac would otherwise take for escapes or line ends.
        tricky.append("a \"quoted\" \\ back\\slash \\u0041 \\\\u0042 \\n tab\t cr\r nul\0 del\u007f ")
                .append("\u00e9 \u4e2d \u2028 \u2029 \ufeff \ud83d\ude00 end\n");
        Random random = new Random(5);
        char[] pool = {'a', 'Z', ' ', '\n', '"', '\\', 'u', '\u00e9', '\u4e2d', '\0', '\t', '\r', '\u2028'};
        while (tricky.length() < 19_999) {
            tricky.append(pool[random.nextInt(pool.length)]);
        }
        // A surrogate pair across the first part's end, then parts of three-byte characters only (the largest
        // constant a part can make: 20,000 x 3 bytes, under the class file's 65,535).
        tricky.append("\ud83d\ude00");
        tricky.append("\u4e2d".repeat(45_000));
        tricky.append("\n\n");
        String text = tricky.toString();
        for (String t : new String[] {"", "x", "\n", "catalog: []\n", text}) {
            assertEquals(t, compileAndRead((String) source.invoke(null, t), t.length() > 20_000), "length " + t.length());
        }
    }

    /** The generator, compiled from its source as the build runs it. */
    private Class<?> generator() throws Exception {
        Path out = Files.createDirectories(work.resolve("generator"));
        compile(out, Path.of("src", "build", "GenerateBundledCatalog.java"));
        return new URLClassLoader(new URL[] {out.toUri().toURL()}, null).loadClass("GenerateBundledCatalog");
    }

    private String compileAndRead(String javaSource, boolean expectParts) throws Exception {
        assertTrue(javaSource.chars().allMatch(c -> c < 0x80), "the generated source is ASCII");
        assertEquals(expectParts, javaSource.contains("PART_1"), "parts as expected");
        Path src = work.resolve("src" + javaSource.hashCode());
        Path file = src.resolve("dev/costagent/agent/pricing/BundledCatalog.java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, javaSource, StandardCharsets.US_ASCII);
        Path out = Files.createDirectories(work.resolve("out" + javaSource.hashCode()));
        compile(out, file);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL()}, null)) {
            Method text = loader.loadClass("dev.costagent.agent.pricing.BundledCatalog").getDeclaredMethod("text");
            text.setAccessible(true);
            return (String) text.invoke(null);
        }
    }

    private static void compile(Path out, Path file) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(null, null, errors, "-encoding", "US-ASCII", "-d", out.toString(), file.toString());
        assertEquals(0, status, () -> "javac: " + errors.toString(StandardCharsets.UTF_8));
    }
}
