package dev.costagent.agent.instrument;

import dev.costagent.agent.config.MethodPattern;
import java.lang.annotation.Annotation;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Finds the classes that were loaded before the agent (all of them, when it is attached to a running JVM) and
 * that it would have instrumented, and retransforms them so they are priced from now on.
 *
 * <p>A class is a candidate when it is a hooked SDK class, matches a configured pattern, or declares a method
 * annotated {@code @TrackedCall} / {@code @PipelineStage} (looked up by name through reflection, which loads
 * nothing new: the annotations are already resolvable from the bootstrap path). JDK and agent classes are skipped
 * first, by name, so the scan stays cheap.
 */
public final class LoadedClasses {

    private LoadedClasses() {
    }

    /** Retransforms the candidates among the loaded classes; returns how many. Never throws. */
    public static int retransform(Instrumentation inst, SdkHooks hooks, List<MethodPattern> stages,
                                  List<MethodPattern> calls, BiConsumer<String, Throwable> faults) {
        List<Class<?>> candidates = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            try {
                if (c.isArray() || c.isPrimitive() || c.getClassLoader() == null || !inst.isModifiableClass(c)) {
                    continue;
                }
                String internal = c.getName().replace('.', '/');
                if (CostTransformer.ignored(internal)) {
                    continue;
                }
                if (hooks.mayApplyToLoaded(c) || matches(c.getName(), stages)
                        || matches(c.getName(), calls) || annotated(c)) {
                    candidates.add(c);
                }
            } catch (Throwable t) {
                // A class whose methods cannot be listed (a missing dependency) cannot carry our annotations usably.
            }
        }
        int done = 0;
        for (Class<?> c : candidates) {
            try {
                inst.retransformClasses(c);
                done++;
            } catch (Throwable t) {
                faults.accept("retransforming " + c.getName(), t);
            }
        }
        return done;
    }

    private static boolean matches(String className, List<MethodPattern> patterns) {
        for (MethodPattern p : patterns) {
            if (p.matchesClass(className)) {
                return true;
            }
        }
        return false;
    }

    private static boolean annotated(Class<?> c) {
        for (Method m : c.getDeclaredMethods()) {
            for (Annotation a : m.getDeclaredAnnotations()) {
                String n = a.annotationType().getName();
                if (n.equals(Instrumenter.TRACKED_CALL) || n.equals(Instrumenter.PIPELINE_STAGE)) {
                    return true;
                }
            }
        }
        return false;
    }
}
