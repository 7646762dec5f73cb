package dev.costagent.agent.sdk;

/**
 * One hooked SDK method and what its advice does: {@code className#method} taking {@code arguments} parameters,
 * the first of type {@code firstParameter} when that is not null. Built by a module with {@link #method} and the
 * withers below, ending in what the hook does ({@link #response}, {@link #stream}, {@link #view}, {@link #entry}).
 *
 * @param subtypes     whether {@code className} is an interface whose implementations are hooked, rather than
 *                     the class itself (found through the class file's super types, loading nothing)
 * @param operation    the operation name calls through this method are recorded under
 * @param kind         what the advice does
 * @param adapter      the module's part of the advice, for every kind but {@link Kind#RESPONSE}
 * @param requestModel where the model comes from when the response names none; null when only the response does
 */
public record Hook(String className, String method, int arguments, String firstParameter, boolean subtypes,
                   String operation, Kind kind, HookAdapter adapter, RequestModel requestModel) {

    /** What a hook's advice does, which also decides how the method is woven. */
    public enum Kind {
        /** The method returns a response, or a future of one: the core reads and records it. */
        RESPONSE,
        /**
         * The method returns a stream of the call's events: {@link HookAdapter#observe} returns a view of it that
         * records the call when it ends.
         */
        STREAM,
        /**
         * The method is no call of its own, but what it returns must be observed ({@link HookAdapter#view}): the
         * iterator of a stream remembered earlier.
         */
        VIEW,
        /**
         * The method is advised on entry only, its arguments all it needs ({@link HookAdapter#enter}): a listener
         * notification, a stream's end, a handler to replace.
         */
        ENTRY,
    }

    /** A hook on {@code className#method} with that many parameters, recording the response it returns. */
    public static Hook method(String className, String method, int arguments) {
        return new Hook(className, method, arguments, null, false, null, Kind.RESPONSE, null, null);
    }

    /** Only the overload whose first parameter is of this type (a class name). */
    public Hook taking(String firstParameterType) {
        return new Hook(className, method, arguments, firstParameterType, subtypes, operation, kind, adapter,
                requestModel);
    }

    /**
     * Every implementation of the interface {@code className} is hooked instead of the class itself. Needs
     * {@link #taking}: a class file whose constant pool lacks that type's descriptor declares no such method, which
     * keeps the super type walk off nearly every class.
     */
    public Hook onImplementations() {
        return new Hook(className, method, arguments, firstParameter, true, operation, kind, adapter, requestModel);
    }

    /** The model comes from the request when the response names none (Bedrock, Google GenAI). */
    public Hook modelFrom(RequestModel from) {
        return new Hook(className, method, arguments, firstParameter, subtypes, operation, kind, adapter, from);
    }

    /** The method returns a response, or a future of one, recorded under {@code operation}. */
    public Hook response(String operationName) {
        return new Hook(className, method, arguments, firstParameter, subtypes, operationName, Kind.RESPONSE, null,
                requestModel);
    }

    /** The method returns a stream, which {@code streams} observes. */
    public Hook stream(String operationName, HookAdapter streams) {
        return new Hook(className, method, arguments, firstParameter, subtypes, operationName, Kind.STREAM, streams,
                requestModel);
    }

    /** The method returns something of a call made earlier, which {@code views} replaces by an observing view. */
    public Hook view(String operationName, HookAdapter views) {
        return new Hook(className, method, arguments, firstParameter, subtypes, operationName, Kind.VIEW, views,
                requestModel);
    }

    /** The method is advised on entry only, by {@code entries}. */
    public Hook entry(String operationName, HookAdapter entries) {
        return new Hook(className, method, arguments, firstParameter, subtypes, operationName, Kind.ENTRY, entries,
                requestModel);
    }
}
