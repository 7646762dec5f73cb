package dev.costagent.agent.instrument;

import dev.costagent.agent.sdk.Hook;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One instrumented method, registered when its class is transformed. Advice refers to it by number, so the
 * hot path does an array read instead of parsing annotations.
 *
 * @param id        the number inlined into the method's advice
 * @param kind      stage or tracked call
 * @param name      the stage name, or the operation name of a tracked call
 * @param modelHint the model a tracked call is priced with when its response names none, or null
 * @param method    {@code com.acme.Class#method}, for messages
 * @param hook      for an SDK hook, the hook (what its advice does, where the model comes from); null otherwise
 */
public record Site(int id, Kind kind, String name, String modelHint, String method, Hook hook,
                   AtomicBoolean warned) {

    /** A stage, a tracked call (annotated or configured), or a hooked SDK client method. */
    public enum Kind { STAGE, CALL, SDK }

    public Site(int id, Kind kind, String name, String modelHint, String method, Hook hook) {
        this(id, kind, name, modelHint, method, hook, new AtomicBoolean());
    }

    /** True the first time it is called for this site: for warnings given once per method. */
    public boolean firstWarning() {
        return !warned.get() && warned.compareAndSet(false, true);
    }
}
