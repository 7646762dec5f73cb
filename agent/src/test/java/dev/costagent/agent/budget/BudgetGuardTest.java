package dev.costagent.agent.budget;

import dev.costagent.fixtures.TestRuns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.costagent.BudgetExceededException;
import dev.costagent.agent.ledger.CostLedger;
import dev.costagent.agent.ledger.CostRecorder;
import dev.costagent.agent.ledger.Warnings;
import dev.costagent.agent.log.AgentLog;
import dev.costagent.agent.pricing.CatalogLoader;
import dev.costagent.agent.pricing.ModelResolver;
import dev.costagent.agent.stage.StageFrame;
import dev.costagent.agent.stage.StageTracker;
import dev.costagent.agent.value.ResponseUsage;
import dev.costagent.agent.value.TokenCounts;
import java.math.BigDecimal;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Issue #4, points 2, 6 and 8 at the ledger: the stop is final, overflow cannot hide spending, main's failure counts. */
class BudgetGuardTest {

    private final CostLedger ledger = new CostLedger();
    private final StageTracker stages = new StageTracker();
    private final BudgetGuard guard = TestRuns.guard(new BigDecimal("1"), ledger, stages);
    private final CostLedger.Key key = new CostLedger.Key("s", "m", "p", "op", true);

    @Test
    void anOverflowingTotalReadsAsMoreThanAnyBudgetNotAsANegativeAmount() {
        ledger.recordCost(key, Long.MAX_VALUE - 10);
        ledger.recordCost(key, 100);
        assertEquals(Long.MAX_VALUE, ledger.totalPicos());
        assertNotNull(guard.enter("next").refusal());
    }

    @Test
    void aCallThatWouldTakeTheRunTotalPastALongIsRefusedAndNothingIsAdded() throws Exception {
        CostRecorder recorder = new CostRecorder(new ModelResolver(CatalogLoader.loadBundled()), ledger,
                TestRuns.warnings(), TestRuns.events(), new BigDecimal("1"), new BigDecimal("10"));
        // 2^40 output tokens of Opus 4.5 at $25 per million: $27.5 million, past the $9.2 million a long holds.
        ResponseUsage huge = new ResponseUsage("claude-opus-4-5", "anthropic", new TokenCounts(0, 0, 0, 0, 1L << 40));
        ResponseUsage bigButFits = new ResponseUsage("claude-opus-4-5", "anthropic", new TokenCounts(0, 0, 0, 0, 1L << 38));
        recorder.record(bigButFits, null, "op", null);
        long before = ledger.totalPicos();
        assertThrows(ArithmeticException.class, () -> recorder.record(bigButFits, null, "op", null));
        assertThrows(ArithmeticException.class, () -> recorder.record(huge, null, "op", null));
        assertEquals(before, ledger.totalPicos());
        assertEquals(1, ledger.cells().get(0).getValue().calls());
    }

    @Test
    void onceStoppedEveryEntryIsRefusedNamingTheStageThatCrossedTheBudget() {
        StageFrame f = (StageFrame) guard.enter("ideas");
        ledger.recordCost(key, 2_000_000_000_000L);
        BudgetExceededException stop = guard.exit(f, null);
        assertEquals("ideas", stop.stage());
        for (int i = 0; i < 3; i++) {
            BudgetExceededException refused = guard.enter("rank").refusal();
            assertNotNull(refused);
            assertEquals("ideas", refused.stage());
            assertEquals(new BigDecimal("2"), refused.spentUsd());
        }
        assertNull(stages.current(), "a refused stage is never entered");
        assertEquals(RunStatus.BUDGET_EXCEEDED, guard.status());
    }

    @Test
    void anExceptionThatEndsTheMainThreadMarksTheRunFailedAndReachesTheUsualHandlerUnchanged() throws Exception {
        AtomicReference<Throwable> handled = new AtomicReference<>();
        RuntimeException thrown = new IllegalStateException("main failed between stages");
        Thread main = new Thread(() -> {
            throw thrown;
        });
        main.setUncaughtExceptionHandler((t, e) -> handled.set(e));
        MainThreadFailure.watch(main, guard);
        main.start();
        main.join();
        assertSame(thrown, handled.get());
        assertEquals(RunStatus.FAILED, guard.status());
    }

    @Test
    void theBudgetsOwnExceptionEndingMainLeavesTheRunBudgetExceeded() throws Exception {
        StageFrame f = (StageFrame) guard.enter("ideas");
        ledger.recordCost(key, 2_000_000_000_000L);
        BudgetExceededException stop = guard.exit(f, null);
        AtomicReference<Throwable> handled = new AtomicReference<>();
        Thread main = new Thread(() -> {
            throw stop;
        });
        main.setUncaughtExceptionHandler((t, e) -> handled.set(e));
        MainThreadFailure.watch(main, guard);
        main.start();
        main.join();
        assertSame(stop, handled.get());
        assertEquals(RunStatus.BUDGET_EXCEEDED, guard.status());

        BudgetGuard noBudget = TestRuns.guard(null, new CostLedger(), new StageTracker());
        Thread other = new Thread(() -> {
            throw new BudgetExceededException(BigDecimal.ONE, BigDecimal.ONE, "x");
        });
        other.setUncaughtExceptionHandler((t, e) -> { });
        MainThreadFailure.watch(other, noBudget);
        other.start();
        other.join();
        assertEquals(RunStatus.COMPLETED, noBudget.status());
    }
}
