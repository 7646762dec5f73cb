package dev.costagent.agent.instrument;

import dev.costagent.BudgetExceededException;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code @PipelineStage} methods. The body is skipped when entry is refused; on exit the thrown
 * value is replaced by what the runtime decides, which is how the budget exception reaches the program while
 * every other fault of the advice is suppressed.
 */
final class StageAdvice {

    private StageAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class, skipOn = BudgetExceededException.class)
    static Object enter(@SiteId int site) {
        return Dispatch.stageEnter(site);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@SiteId int site, @Advice.Enter Object token,
                     @Advice.Thrown(readOnly = false) Throwable thrown) {
        thrown = Dispatch.stageExit(site, token, thrown);
    }
}
