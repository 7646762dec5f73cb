import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Build step (generate-sources, run as a single-file program): reads the repository's {@code models_catalog.yaml}
 * with the agent's own {@code CatalogReader} (SnakeYAML and every rule a catalog is checked against) and writes
 * {@code BundledCatalog.java}, whose one constant is the resulting {@code PriceCatalog} written out as constructor
 * calls ({@code new ModelPrice(..., new Rates(...), ...)}).
 *
 * <p>Why: most runs use the bundled catalog, and {@code premain} needs it before the host's {@code main}. Read
 * with SnakeYAML there, even on a background thread, it costs the host some 70 to 80 ms of CPU time and 40 to 105
 * ms of wall time (SnakeYAML's classes loading and running for the first time); built as objects, it costs nothing
 * measurable (docs/performance.md). A bundled catalog that a user file would be refused for, or warned about,
 * stops the build with the same message.
 *
 * <p>How it runs the agent's code before the agent is compiled: it compiles {@code CatalogReader.java}, and the
 * few agent sources it uses, into a temporary folder, against SnakeYAML from the class path it is given, and calls
 * it there. The agent's own output folder is left out of that class path, so a stale class from an earlier build
 * can never stand in for the source.
 *
 * <p>Usage: {@code java GenerateBundledCatalog.java <models_catalog.yaml> <agent source root> <generated source root>
 * <class path holding SnakeYAML>}
 */
public final class GenerateBundledCatalog {

    static final String PACKAGE = "dev.costagent.agent.pricing";
    static final String CLASS = "BundledCatalog";
    /** What the agent names the bundled catalog in its log line and reports. */
    static final String SOURCE = "bundled models_catalog.yaml";

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: GenerateBundledCatalog <models_catalog.yaml> <agent source root>"
                    + " <generated source root> <class path>");
        }
        String source = generate(Path.of(args[0]), Path.of(args[1]), args[3]);
        Path out = Path.of(args[2]).resolve(PACKAGE.replace('.', '/')).resolve(CLASS + ".java");
        Files.createDirectories(out.getParent());
        // Unchanged output leaves the file alone, so an incremental build does not recompile it.
        if (!Files.exists(out) || !Files.readString(out, StandardCharsets.US_ASCII).equals(source)) {
            Files.writeString(out, source, StandardCharsets.US_ASCII);
        }
    }

    /** The source of {@code BundledCatalog} for this catalog file; refuses a catalog the agent would refuse. */
    static String generate(Path yaml, Path agentSources, String classPath) throws IOException, ReflectiveOperationException {
        String text = utf8(yaml);
        List<Path> jars = new ArrayList<>();
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty() && Files.isRegularFile(Path.of(entry))) {
                jars.add(Path.of(entry));
            }
        }
        Path classes = Files.createTempDirectory("bundled-catalog");
        try {
            compile(agentSources, classes, jars);
            List<URL> urls = new ArrayList<>();
            urls.add(classes.toUri().toURL());
            for (Path jar : jars) {
                urls.add(jar.toUri().toURL());
            }
            try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
                Method read = loader.loadClass(PACKAGE + ".CatalogReader").getDeclaredMethod("read", String.class, String.class);
                read.setAccessible(true);
                // Checked under its path first, so that a refusal or a warning names the file the build was given.
                Object checked = invoke(read, yaml.toString(), text);
                List<?> warnings = (List<?>) component(checked, "warnings");
                if (!warnings.isEmpty()) {
                    throw new IllegalStateException("the bundled catalog must load without warnings: " + warnings);
                }
                return source(invoke(read, SOURCE, text));
            }
        } finally {
            try (Stream<Path> files = Files.walk(classes)) {
                files.sorted(Comparator.reverseOrder()).forEach(GenerateBundledCatalog::delete);
            }
        }
    }

    private static String utf8(Path file) throws IOException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(file + " is not UTF-8 text", e);
        }
    }

    private static void compile(Path agentSources, Path classes, List<Path> jars) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        List<String> options = new ArrayList<>(List.of("-d", classes.toString(), "-sourcepath", agentSources.toString(),
                "--release", "17", "-proc:none", "-implicit:class", "-encoding", "UTF-8", "-nowarn"));
        if (!jars.isEmpty()) {
            options.add("-cp");
            options.add(String.join(java.io.File.pathSeparator, jars.stream().map(Path::toString).toList()));
        }
        options.add(agentSources.resolve(PACKAGE.replace('.', '/')).resolve("CatalogReader.java").toString());
        if (javac.run(null, null, errors, options.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("cannot compile CatalogReader: " + errors.toString(StandardCharsets.UTF_8));
        }
    }

    private static Object invoke(Method read, String file, String text) {
        try {
            return read.invoke(null, file, text);
        } catch (InvocationTargetException e) {
            // The CatalogException: its message is the one line a user would see for this file.
            throw new IllegalStateException("the bundled catalog is refused: " + e.getCause().getMessage(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void delete(Path p) {
        try {
            Files.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ the catalog as Java source

    /**
     * {@code BundledCatalog.java} building {@code catalog} (a {@code PriceCatalog} of whichever class loader): records
     * become calls of their canonical constructors, maps {@code Map.ofEntries} in key order (so the same catalog
     * always gives the same file), lists {@code List.of}. The source is plain ASCII.
     */
    static String source(Object catalog) {
        StringBuilder s = new StringBuilder(16_384);
        s.append("package ").append(PACKAGE).append(";\n\n");
        s.append("import java.util.List;\nimport java.util.Map;\n\n");
        s.append("/** Generated at build time by agent/src/build/GenerateBundledCatalog.java from models_catalog.yaml:"
                + " do not edit. */\n");
        s.append("final class ").append(CLASS).append(" {\n\n");
        s.append("    /** models_catalog.yaml as CatalogReader read and checked it when this agent was built. */\n");
        s.append("    static final PriceCatalog CATALOG = ");
        write(s, catalog, 2);
        s.append(";\n\n    private ").append(CLASS).append("() {\n    }\n}\n");
        return s.toString();
    }

    private static void write(StringBuilder s, Object v, int depth) {
        if (v == null) {
            s.append("null");
        } else if (v instanceof String text) {
            literal(s, text);
        } else if (v instanceof Long l) {
            s.append(l).append('L');
        } else if (v instanceof Integer i) {
            s.append(i);
        } else if (v instanceof Map<?, ?> map) {
            List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
            entries.sort(Comparator.comparing(e -> String.valueOf(e.getKey())));
            s.append("Map.ofEntries(");
            for (int i = 0; i < entries.size(); i++) {
                newLine(s.append(i == 0 ? "" : ","), depth + 1).append("Map.entry(");
                write(s, entries.get(i).getKey(), depth + 1);
                write(s.append(", "), entries.get(i).getValue(), depth + 1);
                s.append(')');
            }
            s.append(')');
        } else if (v instanceof List<?> list) {
            s.append("List.of(");
            for (int i = 0; i < list.size(); i++) {
                write(s.append(i == 0 ? "" : ", "), list.get(i), depth);
            }
            s.append(')');
        } else if (v.getClass().isRecord()) {
            s.append("new ").append(v.getClass().getSimpleName()).append('(');
            List<Object> values = new ArrayList<>();
            for (RecordComponent c : v.getClass().getRecordComponents()) {
                values.add(component(v, c.getName()));
            }
            // A record holding maps (the catalog) puts each part on a line of its own; a model stays on one line.
            boolean tall = values.stream().anyMatch(x -> x instanceof Map);
            for (int i = 0; i < values.size(); i++) {
                if (tall) {
                    newLine(s.append(i == 0 ? "" : ","), depth);
                } else {
                    s.append(i == 0 ? "" : ", ");
                }
                write(s, values.get(i), depth);
            }
            s.append(')');
        } else {
            throw new IllegalArgumentException("no Java source for a " + v.getClass().getName());
        }
    }

    private static StringBuilder newLine(StringBuilder s, int depth) {
        return s.append('\n').append("    ".repeat(depth));
    }

    private static Object component(Object record, String name) {
        try {
            Method accessor = record.getClass().getMethod(name);
            return accessor.invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A string literal in ASCII whatever the compiler's encoding: {@code "} and {@code \} escaped, control characters
     * as octal escapes, every other non-ASCII character as a {@code \}{@code uXXXX} escape (never one that javac would
     * read as a line end, a quote or a backslash, since those are written the other ways).
     */
    private static void literal(StringBuilder s, String text) {
        s.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                s.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                s.append('\\').append(String.format("%03o", (int) c));
            } else if (c > 0x7f) {
                s.append(String.format("\\u%04x", (int) c));
            } else {
                s.append(c);
            }
        }
        s.append('"');
    }
}
