package dev.costagent;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method as one stage of a pipeline.
 *
 * <p>Under the cost agent every LLM call made while the method runs (on its thread, directly or through
 * methods it calls) is attributed to this stage; stages nest, and a call belongs to the innermost one. The
 * budget is checked at the stage's boundaries:
 * <ul>
 *   <li>on entry, if the run has already spent more than its budget, the method does not run and
 *       {@link BudgetExceededException} is thrown;</li>
 *   <li>on normal exit, if the running total is now strictly greater than the budget, the agent writes the
 *       report and the log entry at once and the method throws {@link BudgetExceededException} instead of
 *       returning.</li>
 * </ul>
 *
 * <p>Without the agent this annotation has no effect at all.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface PipelineStage {

    /**
     * The stage name used in reports.
     *
     * @return the stage name; empty means the method's name
     */
    String value() default "";
}
