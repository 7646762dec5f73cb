package dev.costagent.agent.instrument;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into hooked SDK client methods: like {@link CallAdvice}, and it may hand back an observing view of a
 * returned stream (an object of the same type), which the method then returns instead. The receiver and the
 * arguments go to the runtime too: some SDKs name the model only in the request, and a stream object is
 * recognised by its receiver.
 */
final class SdkAdvice {

    private SdkAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@SiteId int site, @Advice.This(optional = true) Object self,
                        @Advice.AllArguments Object[] arguments) {
        return Dispatch.sdkEnter(site, self, arguments);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@SiteId int site, @Advice.Enter Object token,
                     @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
                     @Advice.Thrown Throwable thrown) {
        returned = Dispatch.sdkExit(site, token, returned, thrown);
    }
}
