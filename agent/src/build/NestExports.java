import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Build step (package, after the shade plugin, run as a single-file program): moves the class files of the libraries
 * the exports bundle (the relocated OpenTelemetry SDK and Prometheus client, a thousand entries) out of the agent
 * jar's top level into one entry, {@value #NESTED}, a jar of their own that the exports' class loader
 * ({@code ExportClassLoader}) reads when an export is switched on.
 *
 * <p>Why: the JVM opens the agent jar at every start, and the class path machinery opens it from Java a second time,
 * reading every entry of its central directory while the program starts (interpreted, about a microsecond each): a
 * thousand entries that only a switched-on export needs would cost every run milliseconds. Nested, they are one.
 * (And the bootstrap loader, which cannot link them anyway, never sees them.)
 *
 * <p>Entries keep their order and timestamps, so the jar stays reproducible. Usage:
 * {@code java NestExports.java <cost-agent.jar>}
 */
public final class NestExports {

    static final String NESTED = "META-INF/cost-agent/exports.jar";
    static final String[] PREFIXES = {"dev/costagent/shaded/otel/", "dev/costagent/shaded/prometheus/"};

    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]);
        Path tmp = jar.resolveSibling(jar.getFileName() + ".nesting");
        int moved = 0;
        try (ZipFile in = new ZipFile(jar.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tmp))) {
            if (in.getEntry(NESTED) != null) {
                throw new IllegalStateException(jar + " already has " + NESTED + ": it was nested before");
            }
            ByteArrayOutputStream nestedBytes = new ByteArrayOutputStream();
            ZipEntry manifest = in.getEntry("META-INF/MANIFEST.MF");
            try (ZipOutputStream nested = new ZipOutputStream(nestedBytes)) {
                for (Enumeration<? extends ZipEntry> e = in.entries(); e.hasMoreElements(); ) {
                    ZipEntry entry = e.nextElement();
                    if (moves(entry.getName())) {
                        copy(in, entry, nested);
                        moved++;
                    } else {
                        copy(in, entry, out);
                    }
                }
            }
            ZipEntry holder = new ZipEntry(NESTED);
            holder.setTime(manifest == null ? 0 : manifest.getTime());
            out.putNextEntry(holder);
            nestedBytes.writeTo(out);
            out.closeEntry();
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("NestExports: " + moved + " class files of the exports' libraries nested in " + NESTED);
    }

    /** The libraries' class files; their other files (version.properties) stay where resource lookups find them. */
    static boolean moves(String name) {
        if (!name.endsWith(".class")) {
            return false;
        }
        for (String p : PREFIXES) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private static void copy(ZipFile in, ZipEntry entry, ZipOutputStream out) throws IOException {
        ZipEntry copy = new ZipEntry(entry.getName());
        copy.setTime(entry.getTime());
        out.putNextEntry(copy);
        if (!entry.isDirectory()) {
            try (InputStream data = in.getInputStream(entry)) {
                data.transferTo(out);
            }
        }
        out.closeEntry();
    }
}
