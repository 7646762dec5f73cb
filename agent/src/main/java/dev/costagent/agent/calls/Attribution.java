package dev.costagent.agent.calls;

import dev.costagent.agent.instrument.Site;
import dev.costagent.agent.stage.StageFrame;

/**
 * Whose name a recorded call goes under, fixed when the call is made: a stream or a future is recorded later, on
 * another thread, under the stage and operation of the thread that made the call.
 *
 * @param site         the hooked or tracked method that made the call
 * @param operation    the innermost enclosing {@code @TrackedCall}'s name (the program's own name for the
 *                     operation), else the SDK method's operation name
 * @param modelHint    that tracked call's {@code model}, or null
 * @param stage        the stage, or null for unstaged
 * @param requestModel the model the request named ({@code Hook#modelFrom}), used when the response names none; it
 *                     wins over the tracked call's {@code model}, which is only a fallback
 */
public record Attribution(Site site, String operation, String modelHint, StageFrame stage, String requestModel) {
}
