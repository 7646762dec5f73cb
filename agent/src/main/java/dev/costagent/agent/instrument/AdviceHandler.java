package dev.costagent.agent.instrument;

import dev.costagent.agent.stage.StageEntry;
import dev.costagent.agent.stage.StageFrame;

/**
 * What the advice inlined into instrumented methods calls. Implemented by the agent's runtime; tests may supply
 * their own. Implementations must not throw, with one exception: see {@link #stageExit}.
 */
public interface AdviceHandler {

    /**
     * A stage method is entered. Returns the stage's frame, which is the token for {@link #stageExit}, or a refusal:
     * then the method body is skipped and the refusal's exception thrown. Null when the stage is not tracked.
     */
    StageEntry stageEnter(int site);

    /**
     * A stage method ended, returning or throwing {@code thrown}. Returns what the method throws: {@code thrown}
     * unchanged, or a {@code BudgetExceededException} instead of returning normally.
     */
    Throwable stageExit(int site, StageFrame frame, Throwable thrown);

    /** A tracked method is entered; returns a token for {@link #callExit}. */
    Object callEnter(int site);

    /** A tracked method ended with {@code returned} (null for void) or {@code thrown}. */
    void callExit(int site, Object token, Object returned, Throwable thrown);

    /**
     * A hooked SDK method is entered, on its receiver ({@code null} for a static method) with these arguments;
     * returns a token for {@link #sdkExit}.
     */
    Object sdkEnter(int site, Object self, Object[] arguments);

    /**
     * A hooked SDK method advised on entry only is entered. Returns the arguments it runs with: {@code arguments}
     * itself, or a copy with some replaced by observing views of the same type.
     */
    Object[] sdkEntry(int site, Object self, Object[] arguments);

    /**
     * A hooked SDK method ended. Returns what the method returns: {@code returned} itself, or a view of it that
     * observes a stream's events (same interface) so its usage can be counted when the stream ends.
     */
    Object sdkExit(int site, Object token, Object returned, Throwable thrown);

    /** An advice fault the handler itself could not catch. */
    void fault(String where, Throwable t);
}
