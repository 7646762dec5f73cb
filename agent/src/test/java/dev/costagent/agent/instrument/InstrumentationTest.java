package dev.costagent.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.costagent.BudgetExceededException;
import dev.costagent.agent.budget.RunStatus;
import dev.costagent.agent.ledger.CostLedger;
import dev.costagent.agent.value.Money;
import dev.costagent.agent.value.Totals;
import dev.costagent.fixtures.StageFixtures;
import dev.costagent.fixtures.TrackedFixtures;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstrumentationTest {

    /** 12 input, 2048 cache read, 100 5m cache write, 6 output on Sonnet 4.5: $0.0011154. */
    private static final BigDecimal SONNET_CALL = new BigDecimal("0.0011154");

    @TempDir
    Path out;
    private AgentHarness harness;
    private final TrackedFixtures client = new TrackedFixtures();
    private final StageFixtures stages = new StageFixtures(client);

    private AgentHarness start(BigDecimal budget) throws Exception {
        harness = new AgentHarness(budget, out, TrackedFixtures.class, StageFixtures.class);
        return harness;
    }

    @AfterEach
    void stop() throws Exception {
        if (harness != null) {
            assertEquals(0, harness.components.faults().count(), "agent faults");
            harness.close();
        }
    }

    static Map<String, Object> sonnetResponse() {
        Map<String, Object> usage = new HashMap<>();
        usage.put("input_tokens", 12);
        usage.put("output_tokens", 6);
        usage.put("cache_read_input_tokens", 2048);
        usage.put("cache_creation_input_tokens", 100);
        Map<String, Object> r = new HashMap<>();
        r.put("model", "claude-sonnet-4-5-20250929");
        r.put("usage", usage);
        return r;
    }

    private Totals stage(String name) {
        Totals t = Totals.ZERO;
        for (Map.Entry<CostLedger.Key, Totals> e : harness.components.ledger().cells()) {
            if (e.getKey().stage().equals(name)) {
                t = t.plus(e.getValue());
            }
        }
        return t;
    }

    private Totals operation(String name) {
        Totals t = Totals.ZERO;
        for (Map.Entry<CostLedger.Key, Totals> e : harness.components.ledger().cells()) {
            if (e.getKey().operation().equals(name)) {
                t = t.plus(e.getValue());
            }
        }
        return t;
    }

    private BigDecimal spent() {
        return Money.usd(harness.components.ledger().totalPicos());
    }

    @Test
    void trackedCallsInsideAStageArePricedAndAttributedToIt() throws Exception {
        start(null);
        assertEquals("ideas-done", stages.ideas(sonnetResponse()));
        assertEquals(7, stages.critique(sonnetResponse()));
        Totals ideas = stage("ideas");
        assertEquals(1, ideas.calls());
        assertEquals(12, ideas.input());
        assertEquals(2048, ideas.cacheRead());
        assertEquals(100, ideas.cacheWrite());
        assertEquals(6, ideas.output());
        assertEquals(Money.picos(SONNET_CALL), ideas.picos());
        assertEquals(1, stage("critique").calls(), "default stage name is the method name");
        assertEquals(2, operation("Fixture.call").calls());
        assertEquals(0, SONNET_CALL.multiply(BigDecimal.valueOf(2)).compareTo(spent()));
    }

    @Test
    void callsOutsideEveryStageAreUnstagedAndDefaultOperationNamesAreClassDotMethod() throws Exception {
        start(null);
        client.wrapperReturningText(sonnetResponse());
        assertEquals(1, stage("unstaged").calls());
        assertEquals(1, operation("Fixture.call").calls(), "the innermost layer that read the usage counts it");
        assertEquals(0, operation("TrackedFixtures.wrapperReturningText").calls());
        assertEquals(0, harness.components.ledger().unmeteredCalls(), "a wrapper around a counted call is not unmetered");
    }

    @Test
    void aResponseReturnedThroughNestedTrackedCallsIsCountedOnce() throws Exception {
        start(null);
        Object r = sonnetResponse();
        assertSame(r, client.wrapper(r));
        assertSame(r, client.call(r), "the same response object returned again");
        assertEquals(1, operation("Fixture.call").calls());
        assertEquals(0, SONNET_CALL.compareTo(spent()));
    }

    @Test
    void theAnnotationsModelPricesAResponseThatNamesNone() throws Exception {
        start(null);
        Map<String, Object> r = sonnetResponse();
        r.remove("model");
        client.hinted(r);
        // Haiku 4.5: 12*1 + 2048*0.1 + 100*1.25 + 6*5 = 371.8 per million
        assertEquals(0, new BigDecimal("0.0003718").compareTo(spent()));
    }

    @Test
    void returnValuesWithoutUsageAreUnmeteredAndNeverFail() throws Exception {
        start(null);
        assertEquals(42, client.primitive());
        client.nothing();
        assertEquals(6L, TrackedFixtures.staticCall(5));
        assertNull(client.call(null));
        assertEquals(4, harness.components.ledger().unmeteredCalls());
        assertEquals(0, spent().signum());
    }

    @Test
    void aSharedValueWithoutUsageIsUnmeteredForEveryCallReturningIt() throws Exception {
        start(null);
        // Counting once is by identity, and values without usage are often shared objects: each call is its own.
        assertEquals("OK", client.call("OK"));
        assertEquals("OK", client.call("OK"));
        assertEquals(Boolean.TRUE, client.call(Boolean.TRUE));
        assertEquals(3, harness.components.ledger().unmeteredCalls());
        Object r = sonnetResponse();
        client.call(r);
        client.call(r);
        assertEquals(3, harness.components.ledger().unmeteredCalls(), "a counted response is not unmetered later");
        assertEquals(1, operation("Fixture.call").calls());
    }

    @Test
    void aFutureIsRecordedWhenItCompletesUnderTheStageOfTheCall() throws Exception {
        start(null);
        CompletableFuture<Object> pending = new CompletableFuture<>();
        stages.outer(() -> client.async(pending));
        assertEquals(0, spent().signum());
        pending.complete(sonnetResponse());
        assertEquals(1, stage("outer").calls());
        assertEquals(0, SONNET_CALL.compareTo(spent()));
    }

    @Test
    void theProgramsOwnExceptionsPassThroughUnchanged() throws Exception {
        start(null);
        IllegalStateException mine = new IllegalStateException("mine");
        assertSame(mine, assertThrows(IllegalStateException.class, () -> client.throwing(mine)));
        assertSame(mine, assertThrows(IllegalStateException.class, () -> stages.boom(mine)));
        assertEquals(RunStatus.FAILED, harness.components.guard().status());
    }

    @Test
    void aStageThatCrossesTheBudgetThrowsAfterRunningAndLaterStagesAreRefused() throws Exception {
        start(new BigDecimal("0.001"));
        BudgetExceededException e = assertThrows(BudgetExceededException.class, () -> stages.ideas(sonnetResponse()));
        assertEquals(1, stages.bodies.get(), "the crossing stage ran");
        assertEquals("ideas", e.stage());
        assertEquals(0, SONNET_CALL.compareTo(e.spentUsd()));
        assertEquals(new BigDecimal("0.001"), e.budgetUsd());
        assertEquals("Budget exceeded: spent $0.0011154 of $0.001 limit (after stage 'ideas')", e.getMessage());
        assertEquals(RunStatus.BUDGET_EXCEEDED, harness.components.guard().status());

        BudgetExceededException refused = assertThrows(BudgetExceededException.class, () -> stages.empty());
        assertEquals(1, stages.bodies.get(), "a refused stage does not run");
        assertEquals("ideas", refused.stage(), "refusals name the stage that crossed the budget");
        assertThrows(BudgetExceededException.class, () -> stages.critique(sonnetResponse()));
        assertEquals(1, stages.bodies.get());
        assertEquals(1, stage("ideas").calls());
        assertEquals(0, stage("critique").calls());
        assertEquals(true, java.nio.file.Files.exists(out.resolve("cost_report.json")), "written at the stop");
    }

    @Test
    void aStageWithinBudgetReturnsNormally() throws Exception {
        start(new BigDecimal("0.0011154"));
        assertEquals("ideas-done", stages.ideas(sonnetResponse()), "spending exactly the budget is not over it");
        assertEquals(5L, stages.empty());
        assertEquals(RunStatus.COMPLETED, harness.components.guard().status());
    }

    @Test
    void anInnerStageCrossingTheBudgetStopsTheOuterOneWithTheSameException() throws Exception {
        start(new BigDecimal("0.0001"));
        BudgetExceededException e = assertThrows(BudgetExceededException.class,
                () -> stages.outer(() -> stages.ideas(sonnetResponse())));
        assertEquals("ideas", e.stage());
        assertEquals(RunStatus.BUDGET_EXCEEDED, harness.components.guard().status());
    }
}
