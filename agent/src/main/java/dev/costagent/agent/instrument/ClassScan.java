package dev.costagent.agent.instrument;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * What the instrumenter needs to know of a class before rewriting it, read from its bytes in one pass without
 * loading anything: its names, super types, and per method the access flags and the string values of our two
 * annotations; and, separately, the size of the local variable area of the few methods to be woven.
 *
 * <p>Thread-safety: a scan is built and read by one thread.
 */
final class ClassScan extends ClassVisitor {

    static final String TRACKED_CALL_DESC = "Ldev/costagent/TrackedCall;";
    static final String PIPELINE_STAGE_DESC = "Ldev/costagent/PipelineStage;";

    /** One declared method. Annotation values are null when the method lacks the annotation. */
    static final class Method {
        final int access;
        final String name;
        final String descriptor;
        String stageName;
        String callName;
        String callModel;

        Method(int access, String name, String descriptor) {
            this.access = access;
            this.name = name;
            this.descriptor = descriptor;
        }

        /** A method with a body that is not a constructor, class initialiser or bridge. */
        boolean concrete() {
            return (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_BRIDGE)) == 0
                    && !name.equals("<clinit>");
        }

        boolean isMethod() {
            return !name.equals("<init>") && !name.equals("<clinit>");
        }

        boolean isStatic() {
            return (access & Opcodes.ACC_STATIC) != 0;
        }
    }

    int version;
    String internalName;
    String superName;
    String[] interfaces = new String[0];
    /** As {@code Class#getSimpleName}: from the InnerClasses attribute for a nested class, "" when anonymous. */
    String simpleName;
    final List<Method> methods = new ArrayList<>();

    private ClassScan() {
        super(Opcodes.ASM9);
    }

    /**
     * The class's names, super types and methods with their annotations, without decoding any code: most candidate
     * classes have a few methods to weave, or none, and {@link #maxLocals} reads the code of those only.
     */
    static ClassScan of(byte[] classFile) {
        ClassScan scan = new ClassScan();
        new ClassReader(classFile).accept(scan, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        if (scan.simpleName == null) {
            String binary = scan.internalName.replace('/', '.');
            scan.simpleName = binary.substring(binary.lastIndexOf('.') + 1);
        }
        return scan;
    }

    /**
     * The size of the local variable area of each of {@code methods} (name + descriptor) that has code; the code
     * of every other method is skipped, not decoded.
     */
    static Map<String, Integer> maxLocals(byte[] classFile, Set<String> methods) {
        Map<String, Integer> out = new HashMap<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                String key = name + descriptor;
                if (!methods.contains(key)) {
                    return null;
                }
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMaxs(int maxStack, int maxLocals) {
                        out.put(key, maxLocals);
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return out;
    }

    String className() {
        return internalName.replace('/', '.');
    }

    @Override
    public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
        this.version = version & 0xFFFF;
        this.internalName = name;
        this.superName = superName;
        this.interfaces = interfaces == null ? new String[0] : interfaces;
    }

    @Override
    public void visitInnerClass(String name, String outerName, String innerName, int access) {
        if (name.equals(internalName)) {
            simpleName = innerName == null ? "" : innerName;
        }
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                     String[] exceptions) {
        Method m = new Method(access, name, descriptor);
        methods.add(m);
        return new MethodVisitor(Opcodes.ASM9) {
            @Override
            public AnnotationVisitor visitAnnotation(String desc, boolean visible) {
                if (desc.equals(PIPELINE_STAGE_DESC)) {
                    m.stageName = "";
                    return values(m, true);
                }
                if (desc.equals(TRACKED_CALL_DESC)) {
                    m.callName = "";
                    m.callModel = "";
                    return values(m, false);
                }
                return null;
            }

        };
    }

    private static AnnotationVisitor values(Method m, boolean stage) {
        return new AnnotationVisitor(Opcodes.ASM9) {
            @Override
            public void visit(String name, Object value) {
                if (!(value instanceof String s)) {
                    return;
                }
                if (stage && "value".equals(name)) {
                    m.stageName = s;
                } else if (!stage && "value".equals(name)) {
                    m.callName = s;
                } else if (!stage && "model".equals(name)) {
                    m.callModel = s;
                }
            }
        };
    }
}
