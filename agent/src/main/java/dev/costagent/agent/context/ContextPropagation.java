package dev.costagent.agent.context;

import dev.costagent.agent.instrument.AgentJar;
import dev.costagent.agent.ledger.StageTracker;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.InstrumentedType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.pool.TypePool;

/**
 * Makes a stage follow the work it hands to other threads:
 * <ul>
 *   <li>tasks given to {@code ThreadPoolExecutor} (so every {@code ExecutorService.submit/execute/invokeAll} of
 *       the usual pools), {@code ScheduledThreadPoolExecutor} and {@code ForkJoinPool} (so
 *       {@code CompletableFuture.*Async} on the common pool) run under their submitter's stage;</li>
 *   <li>threads, platform or virtual, started inside a stage inherit it (the stage tracker is inheritable), which
 *       covers {@code new Thread(...)}, {@code Thread.ofVirtual()} and
 *       {@code Executors.newVirtualThreadPerTaskExecutor()}.</li>
 * </ul>
 * The JDK classes are rewritten with a small advice that wraps the submitted task; they can only refer to the
 * agent when its classes are on the bootstrap path (as under {@code -javaagent}), so nothing is done otherwise.
 */
public final class ContextPropagation {

    /** The executor classes rewritten; a set of names, so the check loads nothing of ByteBuddy. */
    private static final Set<String> HOOKED = Set.of("java.util.concurrent.ThreadPoolExecutor",
            "java.util.concurrent.ScheduledThreadPoolExecutor", "java.util.concurrent.ForkJoinPool");

    private ContextPropagation() {
    }

    /**
     * Installs the executor hooks; returns false (doing nothing) when the agent is not on the bootstrap path.
     * Executor classes loaded later are rewritten as they load; those already loaded are rewritten by
     * {@link #retransformLoaded}, which start-up runs off the main thread.
     */
    public static boolean install(Instrumentation inst, StageTracker tracker, BiConsumer<String, Throwable> faults) {
        if (ContextPropagation.class.getClassLoader() != null || !inst.isRetransformClassesSupported()) {
            return false;
        }
        ContextDispatch.install(tracker);
        // java.base reads no unnamed module by default: let its executors see ContextDispatch.
        inst.redefineModule(Object.class.getModule(), Set.of(ContextDispatch.class.getModule()), Map.of(), Map.of(),
                Set.of(), Map.of());
        inst.addTransformer(new Transformer(faults), true);
        return true;
    }

    /** Rewrites the hooked executor classes that were loaded before the agent. */
    public static void retransformLoaded(Instrumentation inst, BiConsumer<String, Throwable> faults) {
        if (ContextPropagation.class.getClassLoader() != null) {
            return;
        }
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (c.getClassLoader() == null && HOOKED.contains(c.getName())) {
                try {
                    inst.retransformClasses(c);
                } catch (Throwable t) {
                    faults.accept("retransforming " + c.getName(), t);
                }
            }
        }
    }

    /** ByteBuddy, built only when an executor class is actually rewritten (class-holder idiom: lazy and safe). */
    private static final class Rewriting {
        static final ByteBuddy BYTE_BUDDY = new ByteBuddy()
                .with(TypeValidation.DISABLED)
                .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE)
                .with(InstrumentedType.Factory.Default.FROZEN)
                .with(Implementation.Context.Disabled.Factory.INSTANCE);
        static final AsmVisitorWrapper.ForDeclaredMethods.MethodVisitorWrapper ADVICE =
                Advice.to(ExecutorAdvice.class, AgentJar.adviceLocator());
        static final Map<String, ElementMatcher<? super MethodDescription>> METHODS = Map.of(
                "java.util.concurrent.ThreadPoolExecutor",
                ElementMatchers.named("execute").and(ElementMatchers.takesArguments(1)),
                "java.util.concurrent.ScheduledThreadPoolExecutor",
                ElementMatchers.namedOneOf("schedule", "scheduleAtFixedRate", "scheduleWithFixedDelay"),
                "java.util.concurrent.ForkJoinPool",
                ElementMatchers.<MethodDescription>named("execute")
                        .and(ElementMatchers.takesArgument(0, ElementMatchers.named("java.lang.Runnable")))
                        .or(ElementMatchers.named("submit").and(ElementMatchers.takesArgument(0,
                                ElementMatchers.namedOneOf("java.lang.Runnable", "java.util.concurrent.Callable"))))
                        .or(ElementMatchers.named("invokeAll").and(ElementMatchers.takesArguments(1))));
    }

    /** Rewrites exactly the hooked JDK classes; every other class is rejected by one map lookup. */
    private static final class Transformer implements ClassFileTransformer {
        private final BiConsumer<String, Throwable> faults;

        Transformer(BiConsumer<String, Throwable> faults) {
            this.faults = faults;
        }

        @Override
        public byte[] transform(ClassLoader loader, String internalName, Class<?> redefined, ProtectionDomain domain,
                                byte[] bytes) {
            if (loader != null || internalName == null || !internalName.startsWith("java/util/concurrent/")) {
                return null;
            }
            String name = internalName.replace('/', '.');
            if (!HOOKED.contains(name)) {
                return null;
            }
            ElementMatcher<? super MethodDescription> methods = Rewriting.METHODS.get(name);
            try {
                ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(name, bytes),
                        ClassFileLocator.ForClassLoader.ofSystemLoader());
                TypeDescription type = TypePool.Default.of(locator).describe(name).resolve();
                return Rewriting.BYTE_BUDDY.redefine(type, locator)
                        .visit(new AsmVisitorWrapper.ForDeclaredMethods().invokable(
                                ElementMatchers.not(ElementMatchers.isAbstract()).and(methods),
                                Rewriting.ADVICE))
                        .make()
                        .getBytes();
            } catch (Throwable t) {
                faults.accept("instrumenting " + name, t);
                return null;
            }
        }
    }
}
