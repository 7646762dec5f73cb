package dev.costagent.agent.sdk.bedrock;

import dev.costagent.agent.sdk.RequestModel;
import dev.costagent.agent.usage.Accessors;
import java.lang.invoke.MethodHandle;

/** The model a Converse request names: the public {@code modelId()} of argument 0. */
final class RequestModelId implements RequestModel {

    static final RequestModelId INSTANCE = new RequestModelId();

    /** {@code modelId()} of request classes, or null for a class without one. */
    private static final ClassValue<MethodHandle> MODEL_IDS = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            try {
                return Accessors.hasMethod(type, "modelId") ? Accessors.getter(type, "modelId") : null;
            } catch (ReflectiveOperationException e) {
                return null;
            }
        }
    };

    private RequestModelId() {
    }

    @Override
    public String of(Object[] arguments) throws Throwable {
        Object request = arguments[0];
        if (request == null) {
            return null;
        }
        MethodHandle modelId = MODEL_IDS.get(request.getClass());
        return modelId == null ? null : ((Object) modelId.invokeExact(request)) instanceof String m ? m : null;
    }
}
