package dev.costagent.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.costagent.BudgetExceededException;
import dev.costagent.agent.budget.BudgetGuard;
import dev.costagent.agent.budget.RunStatus;
import dev.costagent.agent.events.BudgetStop;
import dev.costagent.agent.events.RunListener;
import dev.costagent.agent.ledger.CostLedger;
import dev.costagent.agent.log.AgentLog;
import dev.costagent.agent.value.Money;
import dev.costagent.fixtures.BudgetRaceFixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #4, point 8: {@value #THREADS} threads finish their stages at the same moment past the budget. Exactly one
 * budget stop is recorded (one WARN, one write at the stop), every stage entered after it is refused, and no stage
 * that started after it spends anything, while {@value #THREADS} more threads try to enter stages the instant the
 * stop happens.
 */
class BudgetRaceTest {

    static final int THREADS = 16;
    /** Each spend stage makes one Sonnet call of $0.0011154; sixteen of them are well past $0.01. */
    private static final BigDecimal BUDGET = new BigDecimal("0.01");
    private static final BigDecimal CALL = new BigDecimal("0.0011154");

    @TempDir
    Path out;
    private AgentHarness harness;
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();

    @AfterEach
    void stop() throws Exception {
        AgentLog.stream(null);
        if (harness != null) {
            assertEquals(0, harness.components.faults().count(), "agent faults");
            harness.close();
        }
    }

    private List<String> logLines(String containing) {
        return Arrays.stream(logBytes.toString(StandardCharsets.UTF_8).split("\n")).filter(l -> l.contains(containing))
                .toList();
    }

    @RepeatedTest(3)
    void sixteenThreadsCrossingTheBudgetTogetherStopTheRunOnce() throws Exception {
        AgentLog.stream(new PrintStream(logBytes, true, StandardCharsets.UTF_8));
        harness = new AgentHarness(BUDGET, out, BudgetRaceFixtures.class);
        BudgetRaceFixtures fixtures = new BudgetRaceFixtures();
        BudgetGuard guard = harness.components.guard();
        CostLedger ledger = harness.components.ledger();
        CountDownLatch stopped = new CountDownLatch(1);
        long[] spentAtStop = new long[1];
        // Heard after the report writer, which writes the files at the stop.
        harness.components.events().add(new RunListener() {
            @Override
            public void budgetStopped(BudgetStop s) {
                spentAtStop[0] = ledger.totalPicos();
                stopped.countDown();
            }
        });

        ExecutorService pool = Executors.newFixedThreadPool(2 * THREADS);
        try {
            CyclicBarrier together = new CyclicBarrier(THREADS);
            List<Future<String>> spenders = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                spenders.add(pool.submit(() -> fixtures.spend(InstrumentationTest.sonnetResponse(), together)));
            }
            // Latecomers enter the instant the stop has happened, while the spenders are still leaving theirs.
            List<Future<String>> latecomers = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                latecomers.add(pool.submit((Callable<String>) () -> {
                    stopped.await();
                    return fixtures.late(InstrumentationTest.sonnetResponse());
                }));
            }

            for (Future<String> f : spenders) {
                assertBudgetStop(f, "spend");
            }
            for (Future<String> f : latecomers) {
                assertBudgetStop(f, "spend");
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }

        assertEquals(THREADS, fixtures.spendBodies.get());
        assertEquals(0, fixtures.lateBodies.get(), "no stage entered after the stop ran");
        BigDecimal spent = Money.usd(ledger.totalPicos());
        assertEquals(0, CALL.multiply(BigDecimal.valueOf(THREADS)).compareTo(spent), "spent " + spent);
        assertEquals(ledger.totalPicos(), spentAtStop[0], "nothing was spent after the stop");
        assertTrue(ledger.cells().stream().noneMatch(c -> c.getKey().stage().equals("late")));

        assertNotNull(guard.stop());
        assertEquals("spend", guard.stop().stage());
        assertEquals(RunStatus.BUDGET_EXCEEDED, guard.status());
        assertEquals(1, logLines("WARN Budget exceeded: ").size(), logBytes.toString(StandardCharsets.UTF_8));
        assertEquals(1, logLines("] Run " + harness.components.snapshots().runId() + " cost ").size(),
                "one write at the stop");

        // The exit writes nothing new: still one entry, one write.
        harness.components.reporter().write();
        assertEquals(1, logLines("] Run ").size());
        JsonNode log = new ObjectMapper().readTree(out.resolve("cost_log.json").toFile());
        assertEquals(1, log.get("runs").size());
        assertEquals("budget_exceeded", log.at("/runs/0/status").asText());
        assertEquals(0, CALL.multiply(BigDecimal.valueOf(THREADS)).compareTo(log.at("/runs/0/total_cost_usd").decimalValue()));
    }

    private static void assertBudgetStop(Future<String> f, String stage) throws InterruptedException {
        try {
            String result = f.get(60, TimeUnit.SECONDS);
            throw new AssertionError("the stage returned " + result + " instead of being stopped");
        } catch (java.util.concurrent.ExecutionException e) {
            assertTrue(e.getCause() instanceof BudgetExceededException, () -> "threw " + e.getCause());
            assertEquals(stage, ((BudgetExceededException) e.getCause()).stage());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("a stage thread hung", e);
        }
    }

}
