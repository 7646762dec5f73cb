package dev.costagent.reliability;

import static dev.costagent.reliability.RunFiles.CALL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #4, point 2: however the JVM ends (SIGTERM, SIGINT, {@code System.exit}, an exception out of {@code main},
 * a budget stop nobody catches), the run's report and its single log entry are written, once, with the status the
 * run earned.
 *
 * <p>Status rules these tests pin down: an exception other than the budget's escaping the outermost stage, or
 * ending {@code main} outside any stage, makes the run {@code failed}; a signal or {@code System.exit} does not
 * change the status (the agent cannot tell an orderly exit by signal from an abort, and the exit status is not
 * visible to it).
 */
class ShutdownPathsIT {

    private static final BigDecimal TWO_CALLS = CALL.multiply(BigDecimal.valueOf(2));

    @TempDir
    Path work;

    private ChildJvm start(String mode, String... options) throws Exception {
        return ChildJvm.in(work).options(options).start(mode, "2");
    }

    @Test
    void sigtermWhileAStageRunsStillWritesTheReport() throws Exception {
        try (ChildJvm child = start("wait-in-stage")) {
            child.awaitReady();
            child.signal("TERM");
            assertEquals(143, child.exit(), child.all());
            RunFiles.assertWrittenOnce(child, work.resolve("data"), "completed", TWO_CALLS);
        }
    }

    @Test
    void sigintWhileAStageRunsStillWritesTheReport() throws Exception {
        try (ChildJvm child = start("wait-in-stage")) {
            child.awaitReady();
            Assumptions.assumeFalse(child.ignores(2),
                    "SIGINT is ignored by this test's process tree (started like nohup); the JVM keeps it ignored");
            child.signal("INT");
            assertEquals(130, child.exit(), child.all());
            RunFiles.assertWrittenOnce(child, work.resolve("data"), "completed", TWO_CALLS);
        }
    }

    @Test
    void systemExitInsideAStageStillWritesTheReport() throws Exception {
        try (ChildJvm child = start("exit-in-stage")) {
            assertEquals(7, child.exit(), child.all());
            RunFiles.assertWrittenOnce(child, work.resolve("data"), "completed", TWO_CALLS);
        }
    }

    @Test
    void anExceptionEscapingTheOutermostStageAndMainIsAFailedRun() throws Exception {
        try (ChildJvm child = start("throw-in-stage")) {
            assertEquals(1, child.exit(), child.all());
            RunFiles.assertWrittenOnce(child, work.resolve("data"), "failed", TWO_CALLS);
            assertTrue(child.stderr().contains("Exception in thread \"main\" java.lang.IllegalStateException: the stage failed"),
                    "the JVM reports the program's exception as usual:\n" + child.all());
        }
    }

    @Test
    void anExceptionEscapingTheOutermostStageIsAFailedRunEvenWhenMainCatchesIt() throws Exception {
        try (ChildJvm child = start("stage-fails-caught")) {
            assertEquals(0, child.exit(), child.all());
            assertTrue(child.stdout().contains("CAUGHT the stage failed\nMAIN RETURNS"), child.all());
            RunFiles.assertWrittenOnce(child, work.resolve("data"), "failed", TWO_CALLS);
        }
    }

    @Test
    void anExceptionEndingMainOutsideEveryStageIsAFailedRun() throws Exception {
        try (ChildJvm child = start("throw-in-main")) {
            assertEquals(1, child.exit(), child.all());
            RunFiles.assertWrittenOnce(child, work.resolve("data"), "failed", TWO_CALLS);
            String trace = "Exception in thread \"main\" java.lang.IllegalArgumentException: main failed between stages\n"
                    + "\tat dev.costagent.reliability.ReliabilityProgram.main(ReliabilityProgram.java:";
            assertTrue(child.stderr().contains(trace), "the usual trace, unchanged:\n" + child.all());
        }
    }

    @Test
    void aBudgetStopNobodyCatchesIsWrittenOnceAtTheStopAndStaysBudgetExceeded() throws Exception {
        try (ChildJvm child = start("budget-uncaught", "-Dbudget=0.002")) {
            assertEquals(1, child.exit(), child.all());
            assertTrue(child.stderr().contains("Exception in thread \"main\" dev.costagent.BudgetExceededException: "
                    + "Budget exceeded: spent $0.0022308 of $0.002 limit (after stage 'work')"), child.all());
            RunFiles.assertWrittenOnce(child, work.resolve("data"), "budget_exceeded", TWO_CALLS);
            assertEquals(1, child.agentLines("WARN Budget exceeded").size(), child.all());
        }
    }

    @Test
    void aNormalEndWritesOnceWithNothingElseOnStandardError() throws Exception {
        try (ChildJvm child = start("run")) {
            assertEquals(0, child.exit(), child.all());
            RunFiles.assertWrittenOnce(child, work.resolve("data"), "completed", TWO_CALLS);
            assertFalse(child.stderr().contains("WARN"), child.all());
        }
    }
}
