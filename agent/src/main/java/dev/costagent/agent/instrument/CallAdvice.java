package dev.costagent.agent.instrument;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into {@code @TrackedCall} methods: hands the return value to the runtime and changes nothing. */
final class CallAdvice {

    private CallAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@SiteId int site) {
        return Dispatch.callEnter(site);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@SiteId int site, @Advice.Enter Object token,
                     @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
                     @Advice.Thrown Throwable thrown) {
        Dispatch.callExit(site, token, returned, thrown);
    }
}
