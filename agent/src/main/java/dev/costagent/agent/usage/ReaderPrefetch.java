package dev.costagent.agent.usage;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * Work done ahead for the usage readers, so that a program's first LLM response is not where it happens: when the
 * instrumenter hooks an SDK method that returns a response class ({@code MessageServiceImpl.create} returns
 * {@code Message}), the reader for that class is worked out on a background thread ({@link UsageReader#prepare}):
 * the class is loaded, not initialised, its accessors planned and its reader copied from its template. In the demo
 * that took about 13 ms of the first call on the program's thread (method-handle combinators spun for the first
 * time). A program that calls the SDK before it is ready only computes the same reader itself; one of the two is
 * kept.
 *
 * <p>An instance is made, and so this class loaded, before the transformer is registered: the instrumenter calls it
 * while classes load, and this class loading inside that call would be a circular load.
 *
 * <p>Thread-safety: safe.
 */
public final class ReaderPrefetch {

    private final UsageReader reader;
    private final Logger log;
    /**
     * The response classes already asked for, as {@code name@loader identity}: several hooked classes return the
     * same one (every Spring AI chat model's {@code call} returns {@code ChatResponse}). Strings, so no loader is
     * kept; two loaders with the same identity hash only lose a head start.
     */
    private final Set<String> asked = ConcurrentHashMap.newKeySet();

    /**
     * @param reader the reader to prepare response classes in; null prepares none
     * @param log    told at DEBUG of each reader prepared
     */
    public ReaderPrefetch(UsageReader reader, Logger log) {
        this.reader = reader;
        this.log = log;
    }

    /**
     * Prepares, on a new daemon thread, the reader for {@code className} in {@code loader}: called by the
     * instrumenter as it hooks an SDK method declared to return that class. JDK classes are left alone (an SDK
     * method returning {@code CompletableFuture}, whose content is the response), and so is a class already asked
     * for in the same loader.
     *
     * @return the thread started, or null when there is nothing to prepare or no thread could be started
     */
    public Thread responseType(ClassLoader loader, String className) {
        if (reader == null || className.startsWith("java.")
                || !asked.add(className + "@" + System.identityHashCode(loader))) {
            return null;
        }
        Thread t = new Thread(new Prepare(this, loader, className), "cost-agent-reader");
        t.setDaemon(true);
        try {
            t.start();
        } catch (RuntimeException | OutOfMemoryError e) {
            // Called while the SDK class is being rewritten: a thread that cannot start must not cost that rewrite.
            return null;
        }
        return t;
    }

    /** Loads (without initialising) a response class and works out its reader; never throws. */
    private static final class Prepare implements Runnable {
        private final ReaderPrefetch prefetch;
        private final ClassLoader loader;
        private final String className;

        Prepare(ReaderPrefetch prefetch, ClassLoader loader, String className) {
            this.prefetch = prefetch;
            this.loader = loader;
            this.className = className;
        }

        @Override
        public void run() {
            try {
                String site = prefetch.reader.prepare(Class.forName(className, false, loader));
                prefetch.log.debug("reader for {} worked out ahead of its first response: {}", className,
                        site == null ? "no known shape" : site);
            } catch (Throwable t) {
                // Only a head start: the first response works the reader out itself and reports what fails.
            }
        }
    }
}
