package dev.costagent.agent.usage;

import dev.costagent.agent.sdk.SdkModules;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.slf4j.Logger;

/**
 * Work done ahead for the usage readers, so that a program's first LLM response is not where it happens.
 *
 * <ul>
 *   <li><b>Template class files.</b> {@link ConstantHandles} copies a reader template per SDK response class, from
 *   the template's class file. The transformer offers every agent class's file as it loads, and the templates' are
 *   kept: otherwise the first copy looks the file up in the agent jar, and that first resource read costs 8 to
 *   15 ms (the class path machinery opens the jar from Java a second time). A template loaded before the
 *   transformer was registered (tests) is read from the jar as before.</li>
 *   <li><b>Readers of response classes.</b> When the instrumenter hooks an SDK method that returns a response
 *   class ({@code MessageServiceImpl.create} returns {@code Message}), the reader for that class is worked out on
 *   a background thread ({@link UsageReader#prepare}): the class is loaded, not initialised, and its accessors
 *   planned. In the demo that took about 13 ms of the first call on the program's thread (method-handle
 *   combinators spun for the first time). A program that calls the SDK before it is ready only computes the same
 *   reader itself; one of the two is kept.</li>
 * </ul>
 *
 * <p>An instance is made, and so this class loaded, before the transformer is registered: the transformer calls it
 * while classes load, and this class loading inside that call would be a circular load.
 *
 * <p>Thread-safety: safe; the first class file offered for a template is kept.
 */
public final class ReaderPrefetch {

    /**
     * The templates, by internal name, as the SDK modules list them; {@code ReaderPrefetchTest} checks these are
     * the classes copied.
     */
    static final List<String> NAMES = SdkModules.readerTemplates();
    /** Where every module's package is: the one name test for the thousands of other classes offered. */
    private static final String PACKAGE = "dev/costagent/agent/sdk/";
    private static final AtomicReferenceArray<byte[]> FILES = new AtomicReferenceArray<>(NAMES.size());

    private final UsageReader reader;
    private final Logger log;
    /**
     * The response classes already asked for, as {@code name@loader identity}: several hooked classes return the
     * same one (every Spring AI chat model's {@code call} returns {@code ChatResponse}). Strings, so no loader is
     * kept; two loaders with the same identity hash only lose a head start.
     */
    private final Set<String> asked = ConcurrentHashMap.newKeySet();

    /**
     * @param reader the reader to prepare response classes in; null prepares none (templates are still kept)
     * @param log    told at DEBUG of each reader prepared
     */
    public ReaderPrefetch(UsageReader reader, Logger log) {
        this.reader = reader;
        this.log = log;
    }

    /**
     * Keeps {@code classFile} when it is one of the templates, loaded by the loader of this class; anything else
     * is ignored.
     */
    public void offer(ClassLoader loader, String internalName, byte[] classFile) {
        // The name first: every class the transformer ignores (the JDK's, thousands) comes through here.
        if (!internalName.startsWith(PACKAGE) || loader != ReaderPrefetch.class.getClassLoader()) {
            return;
        }
        int i = NAMES.indexOf(internalName);
        if (i >= 0) {
            // A copy: the array is the JVM's buffer for all transformers.
            FILES.compareAndSet(i, null, classFile.clone());
        }
    }

    /** The class file kept for {@code template}, or null. */
    static byte[] captured(Class<?> template) {
        int i = NAMES.indexOf(template.getName().replace('.', '/'));
        return i < 0 ? null : FILES.get(i);
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
