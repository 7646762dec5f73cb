package dev.costagent.agent.stage;

import dev.costagent.agent.stage.StageTracker;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

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
 * The JDK classes are rewritten (with plain ASM) so that each submission method first wraps its task; they can only refer to the
 * agent when its classes are on the bootstrap path (as under {@code -javaagent}), so nothing is done otherwise.
 */
public final class ContextPropagation {

    /** The executor classes rewritten; a set of names, so the check loads nothing of ASM. */
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

    /** Whether a method of a hooked executor class receives a task to wrap as its first argument. */
    static boolean submits(String className, String method, String descriptor) {
        Type[] parameters = Type.getArgumentTypes(descriptor);
        String first = parameters.length == 0 ? null : parameters[0].getClassName();
        return switch (className) {
            case "java.util.concurrent.ThreadPoolExecutor" -> method.equals("execute") && parameters.length == 1;
            case "java.util.concurrent.ScheduledThreadPoolExecutor" -> (method.equals("schedule")
                    || method.equals("scheduleAtFixedRate") || method.equals("scheduleWithFixedDelay"))
                    && first != null;
            case "java.util.concurrent.ForkJoinPool" -> (method.equals("execute") && "java.lang.Runnable".equals(first))
                    || (method.equals("submit")
                        && ("java.lang.Runnable".equals(first) || "java.util.concurrent.Callable".equals(first)))
                    || (method.equals("invokeAll") && parameters.length == 1);
            default -> false;
        };
    }

    /**
     * Rewrites a hooked executor class: each submission method first replaces its task with a wrapped one of the
     * parameter's own type ({@code Runnable}, {@code Callable} or {@code Collection}), so no cast can fail.
     */
    static byte[] rewrite(String className, byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_STATIC | Opcodes.ACC_NATIVE)) != 0
                        || !submits(className, name, descriptor)) {
                    return mv;
                }
                String wrap = switch (Type.getArgumentTypes(descriptor)[0].getInternalName()) {
                    case "java/lang/Runnable" -> "wrapRunnable";
                    case "java/util/concurrent/Callable" -> "wrapCallable";
                    case "java/util/Collection" -> "wrapAll";
                    default -> null;
                };
                if (wrap == null) {
                    return mv;
                }
                String type = Type.getArgumentTypes(descriptor)[0].getDescriptor();
                return new MethodVisitor(Opcodes.ASM9, mv) {
                    @Override
                    public void visitCode() {
                        super.visitCode();
                        super.visitVarInsn(Opcodes.ALOAD, 1);
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/costagent/agent/stage/ContextDispatch",
                                wrap, "(" + type + ")" + type, false);
                        super.visitVarInsn(Opcodes.ASTORE, 1);
                    }
                };
            }
        }, 0);
        return writer.toByteArray();
    }

    /** Rewrites exactly the hooked JDK classes; every other class is rejected by one set lookup. */
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
            try {
                return rewrite(name, bytes);
            } catch (Throwable t) {
                faults.accept("instrumenting " + name, t);
                return null;
            }
        }
    }
}
