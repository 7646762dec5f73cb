package dev.costagent;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method that makes one priced LLM call (or returns the response of one).
 *
 * <p>When the program runs under the cost agent, the agent reads the token usage and the model from the
 * object the method returns (an Anthropic {@code Message}, an OpenAI {@code ChatCompletion}, a {@code Map}
 * holding a {@code usage} object, a {@code CompletableFuture} of any of these, ...), prices it from the model
 * catalog and adds it to the innermost active {@link PipelineStage} of the calling thread.
 *
 * <p>A response is counted once: a tracked method that returns a response already counted by a tracked
 * method it called (or by the agent's SDK hooks) adds nothing. A return value with no readable usage is
 * counted as {@code unmetered} and warned about once per method.
 *
 * <p>Without the agent this annotation has no effect at all.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface TrackedCall {

    /**
     * The operation name under which the call's cost is reported.
     *
     * @return the operation name; empty means {@code SimpleClassName.methodName}
     */
    String value() default "";

    /**
     * The model id to price the call with when the response does not name its model.
     *
     * @return a catalog model id or alias; empty means "take it from the response"
     */
    String model() default "";
}
