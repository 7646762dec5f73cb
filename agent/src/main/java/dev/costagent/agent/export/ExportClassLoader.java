package dev.costagent.agent.export;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The class loader of the exports' library-using classes and of the libraries themselves (the OpenTelemetry SDK, the
 * Prometheus client), when the agent runs from its jar.
 *
 * <p>Why: the agent's jar is on the bootstrap class path, and the bootstrap loader sees only the JDK modules defined
 * to it. {@code java.net.http} (the OTLP exporter's sender) and {@code jdk.httpserver} (the Prometheus endpoint) are
 * defined to the platform loader, so a class the bootstrap loader defines cannot link against them. This loader's
 * parent is the platform loader, which sees those modules and, through it, the agent's own bootstrap classes; the
 * classes under {@link #OWN} it defines itself (child first), from the same jar, so they load only when an export
 * is switched on. (HotSpot, resolving the method type of a lambda, first tries the bootstrap loader for each type in
 * it, and so loads a few dozen of these classes a second time there; such copies are never initialised or used.)
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

    private static volatile ClassLoader instance;

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
        // The parent finds the agent jar's entries through the bootstrap class path.
        try (InputStream in = getParent().getResourceAsStream(path)) {
            if (in == null) {
                throw new ClassNotFoundException(name);
            }
            byte[] bytes = in.readAllBytes();
            return defineClass(name, bytes, 0, bytes.length);
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
    }
}
