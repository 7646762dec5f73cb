package dev.costagent.agent.instrument;

import java.util.Map;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Weaves calls to {@link Dispatch} into the bodies of chosen methods of one class, with plain ASM: no class is
 * loaded and no member is added, so the result is valid for retransformation too.
 *
 * <p>What a woven method does, in Java terms ({@code site} is a constant, {@code token} a new local variable
 * placed after all of the method's own):
 * <pre>
 * STAGE:     token = Dispatch.stageEnter(site);          // throws BudgetExceededException to refuse entry
 *            try { body; at each return: Dispatch.stageReturn(site, token); return ...; }  // may throw it too
 *            catch (Throwable t) { throw Dispatch.stageThrow(t, site, token); }
 * CALL:      token = Dispatch.callEnter(site);
 *            try { body; at each return: Dispatch.callReturn(value, site, token); return value; }
 *            catch (Throwable t) { throw Dispatch.callThrow(t, site, token); }
 * SDK:       token = Dispatch.sdkEnter(site, this, new Object[] {arguments});
 *            try { body; at each return: return (T) Dispatch.sdkReturn(value, site, token); }
 *            catch (Throwable t) { throw Dispatch.sdkThrow(t, site, token); }
 * SDK_ENTRY: Object[] a = Dispatch.sdkEntry(site, this, new Object[] {arguments}); each reference argument = (T) a[i];
 * </pre>
 * The try block covers the original code only, not the woven return code, so nothing is reported twice. The
 * woven code has no branch; the one stack map frame it needs (at the catch) lists only the token, and the token
 * is added to each of the method's own frames, so the class needs no frame computation, which would load classes.
 *
 * <p>Thread-safety: stateless; a weaver instance serves one class.
 */
final class AdviceWeaver {

    /** How a method is woven. */
    enum Kind { STAGE, CALL, SDK, SDK_ENTRY }

    /** The weaving of one method: its kind, its site number, and the slot of the woven token variable. */
    record Plan(Kind kind, int site, int tokenSlot) {
    }

    static final String DISPATCH = "dev/costagent/agent/instrument/Dispatch";
    static final String OBJECT = "java/lang/Object";

    private AdviceWeaver() {
    }

    /** The class with each method named in {@code plans} (by name + descriptor) woven. */
    static byte[] weave(byte[] classFile, Map<String, Plan> plans) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        int[] version = new int[1];
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int v, int access, String name, String signature, String superName,
                              String[] interfaces) {
                version[0] = v & 0xFFFF;
                super.visit(v, access, name, signature, superName, interfaces);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                Plan plan = plans.get(name + descriptor);
                if (plan == null) {
                    return mv;
                }
                boolean isStatic = (access & Opcodes.ACC_STATIC) != 0;
                return plan.kind() == Kind.SDK_ENTRY
                        ? new EntryWeaving(mv, plan, isStatic, descriptor)
                        : new ExitWeaving(mv, plan, isStatic, descriptor, version[0] >= Opcodes.V1_6);
            }
        }, ClassReader.EXPAND_FRAMES);
        return writer.toByteArray();
    }

    /** Code common to both weavings: constants, receiver and argument array, boxing. */
    abstract static class Weaving extends MethodVisitor {
        final Plan plan;
        final boolean isStatic;
        final Type[] arguments;
        final Type returnType;

        Weaving(MethodVisitor mv, Plan plan, boolean isStatic, String descriptor) {
            super(Opcodes.ASM9, mv);
            this.plan = plan;
            this.isStatic = isStatic;
            this.arguments = Type.getArgumentTypes(descriptor);
            this.returnType = Type.getReturnType(descriptor);
        }

        final void pushInt(int value) {
            if (value >= -1 && value <= 5) {
                super.visitInsn(Opcodes.ICONST_0 + value);
            } else if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
                super.visitIntInsn(Opcodes.BIPUSH, value);
            } else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
                super.visitIntInsn(Opcodes.SIPUSH, value);
            } else {
                super.visitLdcInsn(value);
            }
        }

        final void dispatch(String method, String descriptor) {
            super.visitMethodInsn(Opcodes.INVOKESTATIC, DISPATCH, method, descriptor, false);
        }

        /** Pushes the receiver (null in a static method) and a new array of the boxed arguments. */
        final void pushReceiverAndArguments() {
            if (isStatic) {
                super.visitInsn(Opcodes.ACONST_NULL);
            } else {
                super.visitVarInsn(Opcodes.ALOAD, 0);
            }
            pushInt(arguments.length);
            super.visitTypeInsn(Opcodes.ANEWARRAY, OBJECT);
            int slot = isStatic ? 0 : 1;
            for (int i = 0; i < arguments.length; i++) {
                super.visitInsn(Opcodes.DUP);
                pushInt(i);
                super.visitVarInsn(arguments[i].getOpcode(Opcodes.ILOAD), slot);
                box(arguments[i]);
                super.visitInsn(Opcodes.AASTORE);
                slot += arguments[i].getSize();
            }
        }

        /** Boxes the primitive on top of the stack; a reference is left as it is. */
        final void box(Type type) {
            String owner = switch (type.getSort()) {
                case Type.BOOLEAN -> "java/lang/Boolean";
                case Type.CHAR -> "java/lang/Character";
                case Type.BYTE -> "java/lang/Byte";
                case Type.SHORT -> "java/lang/Short";
                case Type.INT -> "java/lang/Integer";
                case Type.FLOAT -> "java/lang/Float";
                case Type.LONG -> "java/lang/Long";
                case Type.DOUBLE -> "java/lang/Double";
                default -> null;
            };
            if (owner != null) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, owner, "valueOf",
                        "(" + type.getDescriptor() + ")L" + owner + ";", false);
            }
        }
    }

    /** SDK_ENTRY: one call on entry, which may replace the reference arguments; no exit code. */
    private static final class EntryWeaving extends Weaving {

        EntryWeaving(MethodVisitor mv, Plan plan, boolean isStatic, String descriptor) {
            super(mv, plan, isStatic, descriptor);
        }

        @Override
        public void visitCode() {
            super.visitCode();
            pushInt(plan.site());
            pushReceiverAndArguments();
            dispatch("sdkEntry", "(ILjava/lang/Object;[Ljava/lang/Object;)[Ljava/lang/Object;");
            int slot = isStatic ? 0 : 1;
            for (int i = 0; i < arguments.length; i++) {
                Type t = arguments[i];
                if (t.getSort() == Type.OBJECT || t.getSort() == Type.ARRAY) {
                    super.visitInsn(Opcodes.DUP);
                    pushInt(i);
                    super.visitInsn(Opcodes.AALOAD);
                    if (!t.getInternalName().equals(OBJECT)) {
                        super.visitTypeInsn(Opcodes.CHECKCAST, t.getInternalName());
                    }
                    super.visitVarInsn(Opcodes.ASTORE, slot);
                }
                slot += t.getSize();
            }
            super.visitInsn(Opcodes.POP);
        }
    }
}
