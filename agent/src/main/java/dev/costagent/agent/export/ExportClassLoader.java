package dev.costagent.agent.export;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The class loader of the exports' library-using classes and of the libraries themselves (the OpenTelemetry SDK, the
 * Prometheus client), when the agent runs from its jar.
 *
 * <p>Why: the agent's jar is on the bootstrap class path, and the bootstrap loader sees only the JDK modules defined
 * to it. {@code java.net.http} (the OTLP exporter's sender) and {@code jdk.httpserver} (the Prometheus endpoint) are
 * defined to the platform loader, so a class the bootstrap loader defines cannot link against them. This loader's
 * parent is the platform loader, which sees those modules and, through it, the agent's own bootstrap classes; the
 * classes under {@link #OWN} it defines itself (child first), so they load only when an export is switched on: the
 * libraries' class files from {@value #NESTED}, a jar nested in the agent's (see {@code src/build/NestExports.java}:
 * a thousand entries the JVM would otherwise index at every start), the exports' own classes from the agent jar.
 *
 * <p>Outside the jar (the agent's own tests, an IDE) the agent's classes come from an ordinary class loader that sees
 * every module: that loader is used as it is.
 */
public final class ExportClassLoader extends ClassLoader {

    static {
        registerAsParallelCapable();
    }

    /** The packages this loader defines itself: the libraries as relocated, and the exports' classes using them. */
    static final String[] OWN = {"dev.costagent.shaded.otel.", "dev.costagent.shaded.prometheus.",
        "dev.costagent.agent.export.otlp.sdk.", "dev.costagent.agent.export.prometheus.client."};

    /** Where the build put the libraries' class files. */
    static final String NESTED = "META-INF/cost-agent/exports.jar";
    private static final String[] NESTED_PACKAGES = {"dev/costagent/shaded/otel/", "dev/costagent/shaded/prometheus/"};

    private static volatile ClassLoader instance;
    /** The nested jar's class files by path, read at the first class; each is dropped once defined. */
    private Map<String, byte[]> nested;

    private ExportClassLoader(ClassLoader parent) {
        super("cost-agent-exports", parent);
    }

    /** The loader to load the exports' library-using classes with. */
    public static ClassLoader get() {
        ClassLoader own = ExportClassLoader.class.getClassLoader();
        if (own != null) {
            return own;
        }
        ClassLoader l = instance;
        if (l == null) {
            synchronized (ExportClassLoader.class) {
                l = instance;
                if (l == null) {
                    l = new ExportClassLoader(ClassLoader.getPlatformClassLoader());
                    instance = l;
                }
            }
        }
        return l;
    }

    /**
     * Calls a public static method of a class this loader loads, by name: the caller names none of the class's types.
     *
     * @throws Exception what the method threw
     */
    public static Object call(String className, String method, Class<?>[] types, Object... args) throws Exception {
        Method m = Class.forName(className, true, get()).getMethod(method, types);
        try {
            return m.invoke(null, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    private static boolean own(String name) {
        for (String p : OWN) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!own(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                c = findClass(name);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        String path = name.replace('.', '/') + ".class";
        try {
            byte[] bytes = nestedClass(path);
            if (bytes == null) {
                // The exports' own classes: in the agent jar, which the parent finds on the bootstrap class path.
                try (InputStream in = getParent().getResourceAsStream(path)) {
                    if (in == null) {
                        throw new ClassNotFoundException(name);
                    }
                    bytes = in.readAllBytes();
                }
            }
            return defineClass(name, bytes, 0, bytes.length);
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
    }

    /** A library class file from the nested jar, or null for a class that is not there (or no nested jar). */
    private byte[] nestedClass(String path) throws IOException {
        boolean library = false;
        for (String p : NESTED_PACKAGES) {
            library |= path.startsWith(p);
        }
        if (!library) {
            return null;
        }
        synchronized (this) {
            if (nested == null) {
                nested = readNested();
            }
            return nested.get(path);
        }
    }

    private Map<String, byte[]> readNested() throws IOException {
        Map<String, byte[]> out = new HashMap<>();
        InputStream jar = getParent().getResourceAsStream(NESTED);
        if (jar == null) {
            return out; // an unnested build: the class files are at the top level, found as the exports' own are
        }
        try (ZipInputStream in = new ZipInputStream(jar)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (!e.isDirectory()) {
                    out.put(e.getName(), in.readAllBytes());
                }
            }
        }
        return out;
    }
}
