package dev.costagent.agent.instrument;

import dev.costagent.agent.config.MethodPattern;
import dev.costagent.agent.sdk.SdkModules;
import dev.costagent.agent.usage.ReaderPrefetch;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The agent's class file transformer. Almost every class the JVM loads is rejected here by its name or by a walk
 * of its constant pool ({@link ConstantPoolScan}), before any rewriting machinery is touched: a class can only carry our annotations if its constant
 * pool holds their descriptors ({@code Ldev/costagent/TrackedCall;}, {@code Ldev/costagent/PipelineStage;}), and
 * only a configured pattern's class name can match a pattern. The few classes left are rewritten with plain ASM
 * ({@link Instrumenter}).
 *
 * <p>Thread-safety: safe; faults are reported, and the class is then loaded unchanged.
 */
public final class CostTransformer implements ClassFileTransformer {

    /** The two descriptors in full: a class using either annotation has one as a constant pool entry. */
    private static final byte[][] ANNOTATION_DESCRIPTORS = {
        ClassScan.TRACKED_CALL_DESC.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        ClassScan.PIPELINE_STAGE_DESC.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
    };
    private static final String[] IGNORED_PREFIXES = {
        "java/", "javax/", "jdk/", "sun/", "com/sun/", unrelocated("net/", "bytebuddy/"), "dev/costagent/agent/",
        "dev/costagent/shaded/", unrelocated("org/", "slf4j/"), "kotlin/", "org/junit/", "org/apache/maven/",
        "worker/org/gradle/",
        // Other Java agents: they run inside class loading and transformation, and several bundle a ByteBuddy.
        unrelocated("io/", "opentelemetry/javaagent/"), "co/elastic/apm/agent/", "datadog/trace/", "com/datadog/", "com/newrelic/",
        "org/jacoco/agent/", "org/glowroot/agent/", "com/dynatrace/", "org/apache/skywalking/apm/agent/",
        "com/navercorp/pinpoint/", "com/appdynamics/", "org/jboss/byteman/", "io/pyroscope/javaagent/",
    };

    /**
     * Libraries an LLM program loads by the hundred that carry neither of our annotations nor implement a hooked
     * interface: their constant pools are not walked. Name rules still apply to them: SDK hooks (the SDKs' service
     * classes are hooked by name) and configured patterns. In the demo these are 1,450 of the 1,500 classes the
     * transformer would walk: the SDKs' own Jackson, HTTP client and telemetry API here, then the SDKs' own
     * packages, as their modules list them ({@code SdkModule#unwalkedPackages}).
     */
    private static final String[] LIBRARY_PREFIXES = libraryPrefixes(
            unrelocated("com/fasterxml/", "jackson/"), "okhttp3/", "okio/", unrelocated("io/", "opentelemetry/api/"),
            unrelocated("io/", "opentelemetry/context/"));

    private static String[] libraryPrefixes(String... shared) {
        List<String> all = new ArrayList<>(List.of(shared));
        all.addAll(SdkModules.unwalkedPackages());
        return all.toArray(new String[0]);
    }

    /**
     * A package prefix of a library the agent also bundles, put together at run time: the shade plugin rewrites
     * every string constant that names a relocated package, so a literal {@code "net/bytebuddy/"} would become
     * {@code "dev/costagent/shaded/bytebuddy/"} in the jar and match the agent's copy instead of the program's
     * ({@code ShadedJarIT} checks the shipped jar).
     */
    private static String unrelocated(String first, String rest) {
        return first.concat(rest);
    }

    private final SiteRegistry sites;
    private final List<MethodPattern> stages;
    private final List<MethodPattern> calls;
    private final SdkHooks hooks;
    private final boolean hasPatterns;
    private final BiConsumer<String, Throwable> faults;
    /** Told of the SDK methods hooked: work ahead for the readers. */
    private final ReaderPrefetch prefetch;
    /** Built on first need: a run that never meets a candidate class loads none of the rewriting classes. */
    private volatile Instrumenter instrumenter;

    /**
     * @param faults    told about every class that could not be instrumented ({@code where}, fault)
     * @param prefetch  told the response class of each SDK method hooked
     */
    public CostTransformer(SiteRegistry sites, List<MethodPattern> stages, List<MethodPattern> calls,
                           SdkHooks hooks, BiConsumer<String, Throwable> faults, ReaderPrefetch prefetch) {
        this.sites = sites;
        this.stages = List.copyOf(stages);
        this.calls = List.copyOf(calls);
        this.hooks = hooks;
        this.hasPatterns = !stages.isEmpty() || !calls.isEmpty();
        this.faults = faults;
        this.prefetch = prefetch;
    }

    /**
     * Loads the rewriting classes (ASM's reader and writer, the weaver) by rewriting a small generated class with
     * a throwaway instrumenter: run on a background thread as the agent starts, so that the first real rewrite,
     * often on the program's main thread, finds them loaded.
     */
    public static void preload() {
        new Instrumenter(new SiteRegistry(), List.of(), List.of(), SdkHooks.of(false), new ReaderPrefetch(null, null))
                .instrument(null, WarmUpClass.NAME, WarmUpClass.classFile());
    }

    /** Builds the instrumenter now (on a background thread at start-up), so the first rewrite waits less. */
    public void warmUp() {
        instrumenter();
    }

    private Instrumenter instrumenter() {
        Instrumenter i = instrumenter;
        if (i == null) {
            synchronized (this) {
                i = instrumenter;
                if (i == null) {
                    i = new Instrumenter(sites, stages, calls, hooks, prefetch);
                    instrumenter = i;
                }
            }
        }
        return i;
    }

    private boolean matchesPatternClass(String className) {
        for (MethodPattern p : stages) {
            if (p.matchesClass(className)) {
                return true;
            }
        }
        for (MethodPattern p : calls) {
            if (p.matchesClass(className)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public byte[] transform(ClassLoader loader, String internalName, Class<?> redefined,
                            ProtectionDomain domain, byte[] bytes) {
        if (internalName == null || bytes == null) {
            return null;
        }
        String className = null;
        try {
            if (ignored(internalName)) {
                return null;
            }
            boolean candidate = (!library(internalName) && mentionsTrackedText(bytes))
                    || !hooks.forInternalName(internalName).isEmpty();
            if (!candidate && hasPatterns) {
                className = internalName.replace('/', '.');
                candidate = matchesPatternClass(className);
            }
            if (!candidate) {
                return null;
            }
            if (className == null) {
                className = internalName.replace('/', '.');
            }
            return instrumenter().instrument(loader, className, bytes);
        } catch (Throwable t) {
            faults.accept("instrumenting " + internalName.replace('/', '.'), t);
            return null;
        }
    }

    static boolean ignored(String internalName) {
        // The public API itself (dev/costagent/X with no further package) is never instrumented.
        return startsWithAny(internalName, IGNORED_PREFIXES) || internalName.startsWith("dev/costagent/")
                && internalName.indexOf('/', "dev/costagent/".length()) < 0;
    }

    static boolean library(String internalName) {
        return startsWithAny(internalName, LIBRARY_PREFIXES);
    }

    private static boolean startsWithAny(String internalName, String[] prefixes) {
        for (String p : prefixes) {
            if (internalName.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the class file's constant pool names one of our annotations or the parameter type of a hooked
     * interface method: one walk of the pool for both ({@link ConstantPoolScan}); a pool that cannot be walked is
     * searched byte by byte instead.
     */
    boolean mentionsTrackedText(byte[] classFile) {
        int found = ConstantPoolScan.find(classFile, ANNOTATION_DESCRIPTORS, hooks.supertypeMarkers());
        if (found == ConstantPoolScan.UNREADABLE) {
            return mentionsAnnotation(classFile) || hooks.bytesMayImplementHooked(classFile);
        }
        return found != 0;
    }

    /**
     * Whether the class file's text holds {@code Ldev/costagent/TrackedCall;} or {@code Ldev/costagent/PipelineStage;}
     * anywhere: the search for a constant pool that {@link ConstantPoolScan} cannot walk.
     */
    static boolean mentionsAnnotation(byte[] classFile) {
        for (byte[] descriptor : ANNOTATION_DESCRIPTORS) {
            if (contains(classFile, descriptor)) {
                return true;
            }
        }
        return false;
    }

    /** Naive search, for the rare class file whose constant pool cannot be walked. */
    static boolean contains(byte[] haystack, byte[] needle) {
        int last = haystack.length - needle.length;
        byte first = needle[0];
        outer:
        for (int i = 0; i <= last; i++) {
            if (haystack[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
