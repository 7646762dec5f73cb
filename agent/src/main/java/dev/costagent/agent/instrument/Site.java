package dev.costagent.agent.instrument;

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
 * @param returns   for an SDK hook, what the method returns; null otherwise
 * @param modelFrom for an SDK hook, where the model comes from when the response names none; null otherwise
 */
public record Site(int id, Kind kind, String name, String modelHint, String method, SdkHooks.Returns returns,
                   SdkHooks.ModelFrom modelFrom, AtomicBoolean warned) {

    /** A stage, a tracked call (annotated or configured), or a hooked SDK client method. */
    public enum Kind { STAGE, CALL, SDK }

    public Site(int id, Kind kind, String name, String modelHint, String method, SdkHooks.Returns returns) {
        this(id, kind, name, modelHint, method, returns, null, new AtomicBoolean());
    }

    public Site(int id, Kind kind, String name, String modelHint, String method, SdkHooks.Returns returns,
                SdkHooks.ModelFrom modelFrom) {
        this(id, kind, name, modelHint, method, returns, modelFrom, new AtomicBoolean());
    }

    /** True the first time it is called for this site: for warnings given once per method. */
    public boolean firstWarning() {
        return !warned.get() && warned.compareAndSet(false, true);
    }
}
