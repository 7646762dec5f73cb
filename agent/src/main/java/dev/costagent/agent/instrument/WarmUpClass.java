package dev.costagent.agent.instrument;

import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * A small class file built in memory, with a stage and a tracked call that has a branch and a stack map frame:
 * rewriting it touches every path of the weaver, which loads its classes ahead of the first real rewrite.
 */
final class WarmUpClass {

    static final String NAME = "dev.costagent.agent.instrument.WarmUpClass$Sample";

    private WarmUpClass() {
    }

    static byte[] classFile() {
        ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        w.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, NAME.replace('.', '/'), null,
                "java/lang/Object", null);
        MethodVisitor call = w.visitMethod(Opcodes.ACC_STATIC, "call", "(I)Ljava/lang/Object;", null, null);
        call.visitAnnotation(ClassScan.TRACKED_CALL_DESC, true).visitEnd();
        call.visitCode();
        Label other = new Label();
        call.visitVarInsn(Opcodes.ILOAD, 0);
        call.visitJumpInsn(Opcodes.IFEQ, other);
        call.visitLdcInsn("a");
        call.visitInsn(Opcodes.ARETURN);
        call.visitLabel(other);
        call.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
        call.visitInsn(Opcodes.ACONST_NULL);
        call.visitInsn(Opcodes.ARETURN);
        call.visitMaxs(0, 0);
        call.visitEnd();
        MethodVisitor stage = w.visitMethod(Opcodes.ACC_STATIC, "stage", "()V", null, null);
        stage.visitAnnotation(ClassScan.PIPELINE_STAGE_DESC, true).visitEnd();
        stage.visitCode();
        stage.visitInsn(Opcodes.RETURN);
        stage.visitMaxs(0, 0);
        stage.visitEnd();
        w.visitEnd();
        return w.toByteArray();
    }
}
