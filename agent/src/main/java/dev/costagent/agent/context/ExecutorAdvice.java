package dev.costagent.agent.context;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into the JDK executors' submission methods: binds the task to the submitter's stage. */
final class ExecutorAdvice {

    private ExecutorAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object task) {
        task = ContextDispatch.wrap(task);
    }
}
