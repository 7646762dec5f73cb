package dev.costagent.agent.instrument;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * The weaving of STAGE, CALL and SDK methods ({@link AdviceWeaver}): entry code, code before each return, and a
 * catch-all handler over the original code only. Every instruction visitor marks that the current range has code,
 * so that a range without any (between two returns) gets no handler entry, which the verifier would refuse.
 *
 * <p>Thread-safety: one instance weaves one method.
 */
final class ExitWeaving extends AdviceWeaver.Weaving {

    private static final String OBJECT = AdviceWeaver.OBJECT;
    private static final String THROWABLE = "java/lang/Throwable";

    private final boolean frames;
    private final List<Label> ranges = new ArrayList<>();
    private Label rangeStart;
    private boolean codeInRange;

    ExitWeaving(MethodVisitor mv, AdviceWeaver.Plan plan, boolean isStatic, String descriptor, boolean frames) {
        super(mv, plan, isStatic, descriptor);
        this.frames = frames;
    }

    @Override
    public void visitCode() {
        super.visitCode();
        pushInt(plan.site());
        switch (plan.kind()) {
            case STAGE -> dispatch("stageEnter", "(I)Ljava/lang/Object;");
            case CALL -> dispatch("callEnter", "(I)Ljava/lang/Object;");
            default -> {
                pushReceiverAndArguments();
                dispatch("sdkEnter", "(ILjava/lang/Object;[Ljava/lang/Object;)Ljava/lang/Object;");
            }
        }
        super.visitVarInsn(Opcodes.ASTORE, plan.tokenSlot());
        openRange();
    }

    private void openRange() {
        rangeStart = new Label();
        super.visitLabel(rangeStart);
        codeInRange = false;
    }

    private void closeRange() {
        if (codeInRange) {
            Label end = new Label();
            super.visitLabel(end);
            ranges.add(rangeStart);
            ranges.add(end);
        }
        codeInRange = false;
    }

    @Override
    public void visitInsn(int opcode) {
        if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
            closeRange();
            beforeReturn(opcode);
            super.visitInsn(opcode);
            openRange();
        } else {
            codeInRange = true;
            super.visitInsn(opcode);
        }
    }

    private void beforeReturn(int opcode) {
        switch (plan.kind()) {
            case STAGE -> {
                pushInt(plan.site());
                super.visitVarInsn(Opcodes.ALOAD, plan.tokenSlot());
                dispatch("stageReturn", "(ILjava/lang/Object;)V");
            }
            case CALL -> {
                copyReturnValue(opcode);
                pushInt(plan.site());
                super.visitVarInsn(Opcodes.ALOAD, plan.tokenSlot());
                dispatch("callReturn", "(Ljava/lang/Object;ILjava/lang/Object;)V");
            }
            default -> {
                boolean reference = opcode == Opcodes.ARETURN;
                if (!reference) {
                    copyReturnValue(opcode);
                }
                pushInt(plan.site());
                super.visitVarInsn(Opcodes.ALOAD, plan.tokenSlot());
                dispatch("sdkReturn", "(Ljava/lang/Object;ILjava/lang/Object;)Ljava/lang/Object;");
                if (!reference) {
                    super.visitInsn(Opcodes.POP);
                } else if (!returnType.getInternalName().equals(OBJECT)) {
                    super.visitTypeInsn(Opcodes.CHECKCAST, returnType.getInternalName());
                }
            }
        }
    }

    /** Pushes the value about to be returned, boxed (null for void), leaving the original below it. */
    private void copyReturnValue(int opcode) {
        if (opcode == Opcodes.RETURN) {
            super.visitInsn(Opcodes.ACONST_NULL);
        } else if (opcode == Opcodes.LRETURN || opcode == Opcodes.DRETURN) {
            super.visitInsn(Opcodes.DUP2);
            box(returnType);
        } else {
            super.visitInsn(Opcodes.DUP);
            box(returnType);
        }
    }

    @Override
    public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
        // Expanded frames (F_NEW): the token is added after the method's own variables, with TOP padding.
        List<Object> locals = new ArrayList<>(plan.tokenSlot() + 1);
        int slots = 0;
        for (int i = 0; i < numLocal; i++) {
            locals.add(local[i]);
            slots += local[i] == Opcodes.LONG || local[i] == Opcodes.DOUBLE ? 2 : 1;
        }
        if (slots > plan.tokenSlot()) {
            throw new IllegalStateException("frame wider than the method's variables: " + slots);
        }
        for (; slots < plan.tokenSlot(); slots++) {
            locals.add(Opcodes.TOP);
        }
        locals.add(OBJECT);
        super.visitFrame(type, locals.size(), locals.toArray(), numStack, stack);
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        closeRange();
        if (!ranges.isEmpty()) {
            Label handler = new Label();
            for (int i = 0; i < ranges.size(); i += 2) {
                super.visitTryCatchBlock(ranges.get(i), ranges.get(i + 1), handler, THROWABLE);
            }
            super.visitLabel(handler);
            if (frames) {
                Object[] locals = new Object[plan.tokenSlot() + 1];
                Arrays.fill(locals, Opcodes.TOP);
                locals[plan.tokenSlot()] = OBJECT;
                super.visitFrame(Opcodes.F_NEW, locals.length, locals, 1, new Object[] {THROWABLE});
            }
            pushInt(plan.site());
            super.visitVarInsn(Opcodes.ALOAD, plan.tokenSlot());
            String method = switch (plan.kind()) {
                case STAGE -> "stageThrow";
                case CALL -> "callThrow";
                default -> "sdkThrow";
            };
            dispatch(method, "(Ljava/lang/Throwable;ILjava/lang/Object;)Ljava/lang/Throwable;");
            super.visitInsn(Opcodes.ATHROW);
        }
        super.visitMaxs(maxStack, maxLocals);
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
        codeInRange = true;
        super.visitIntInsn(opcode, operand);
    }

    @Override
    public void visitVarInsn(int opcode, int varIndex) {
        codeInRange = true;
        super.visitVarInsn(opcode, varIndex);
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        codeInRange = true;
        super.visitTypeInsn(opcode, type);
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
        codeInRange = true;
        super.visitFieldInsn(opcode, owner, name, descriptor);
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        codeInRange = true;
        super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
        codeInRange = true;
        super.visitInvokeDynamicInsn(name, descriptor, bootstrap, arguments);
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
        codeInRange = true;
        super.visitJumpInsn(opcode, label);
    }

    @Override
    public void visitLdcInsn(Object value) {
        codeInRange = true;
        super.visitLdcInsn(value);
    }

    @Override
    public void visitIincInsn(int varIndex, int increment) {
        codeInRange = true;
        super.visitIincInsn(varIndex, increment);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
        codeInRange = true;
        super.visitTableSwitchInsn(min, max, dflt, labels);
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
        codeInRange = true;
        super.visitLookupSwitchInsn(dflt, keys, labels);
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
        codeInRange = true;
        super.visitMultiANewArrayInsn(descriptor, numDimensions);
    }
}
