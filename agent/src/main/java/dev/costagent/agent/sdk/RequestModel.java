package dev.costagent.agent.sdk;

/**
 * Where a hooked method's request names the model, for SDKs whose responses do not (Bedrock's
 * {@code ConverseResponse}) or not always (Google GenAI). The model found wins over a tracked call's {@code model},
 * which is only a fallback.
 */
@FunctionalInterface
public interface RequestModel {

    /**
     * @param arguments the hooked method's arguments, at least one
     * @return the model id the request names, or null
     * @throws Throwable anything a reflective call throws: the caller reports it and goes on without a model
     */
    String of(Object[] arguments) throws Throwable;
}
