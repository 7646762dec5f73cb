package dev.costagent.agent.pricing;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a {@link PriceCatalog} comes from: a file of the user's ({@code models_catalog.yaml}, SPEC section 5), read
 * with SnakeYAML by {@link CatalogReader}, or the catalog bundled in the agent.
 *
 * <p>The bundled catalog was read and checked when the agent was built and is compiled into the agent as the price
 * objects themselves ({@code BundledCatalog}, written by {@code agent/src/build/GenerateBundledCatalog.java}). So the
 * usual start, without a catalog file, parses nothing and loads no SnakeYAML class: reading the bundled file with
 * SnakeYAML at start-up, even on a background thread, costs the host some 70 to 80 ms of CPU time and 40 to 105 ms
 * of wall time (docs/performance.md). This class therefore names no SnakeYAML type; only {@link CatalogReader}
 * does, and it is loaded when a file is read.
 */
public final class CatalogLoader {

    private CatalogLoader() {
    }

    /** Reads a catalog file. */
    public static PriceCatalog load(Path path) throws CatalogException {
        String name = path.toString();
        if (!Files.isRegularFile(path)) {
            throw new CatalogException(name + ": catalog file does not exist or is not a regular file");
        }
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return parse(name, r);
        } catch (IOException e) {
            throw new CatalogException(name + ": cannot read catalog: " + e.getMessage(), e);
        }
    }

    /** The catalog built into the agent from the repository's {@code models_catalog.yaml}. */
    public static PriceCatalog loadBundled() {
        return BundledCatalog.CATALOG;
    }

    /** Parses catalog text; {@code file} is only used in messages and as the catalog's source. */
    public static PriceCatalog parse(String file, Reader yaml) throws CatalogException {
        String text;
        try {
            text = readAll(file, yaml);
        } catch (RuntimeException e) {
            throw unreadable(file, e);
        }
        return parse(file, text);
    }

    /** Parses catalog text; {@code file} is only used in messages and as the catalog's source. */
    public static PriceCatalog parse(String file, String yaml) throws CatalogException {
        try {
            return CatalogReader.read(file, yaml);
        } catch (RuntimeException | StackOverflowError e) {
            // The YAML library's own limits and oddities: still a catalog that cannot be used, never a crash.
            throw unreadable(file, e);
        }
    }

    private static CatalogException unreadable(String file, Throwable e) {
        return new CatalogException(file + ": cannot be read as a catalog: " + e, e);
    }

    private static String readAll(String file, Reader in) throws CatalogException {
        try {
            StringBuilder b = new StringBuilder();
            char[] buffer = new char[8192];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                b.append(buffer, 0, n);
            }
            return b.toString();
        } catch (CharacterCodingException e) {
            throw new CatalogException(file + ": is not UTF-8 text", e);
        } catch (IOException e) {
            throw new CatalogException(file + ": cannot read catalog: " + e.getMessage(), e);
        }
    }
}
