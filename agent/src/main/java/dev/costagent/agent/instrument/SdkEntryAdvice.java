package dev.costagent.agent.instrument;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into hooked SDK methods whose arguments are all the agent needs (a listener notification carrying the
 * response, a stream's {@code close()}, a call taking an event handler): runs on entry only, and may replace
 * the arguments, so that a handler can be swapped for one that observes the events.
 */
final class SdkEntryAdvice {

    private SdkEntryAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@SiteId int site, @Advice.This(optional = true) Object self,
                      @Advice.AllArguments(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object[] arguments) {
        arguments = Dispatch.sdkEntry(site, self, arguments);
    }
}
