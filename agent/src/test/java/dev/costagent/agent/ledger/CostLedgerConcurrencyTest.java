package dev.costagent.agent.ledger;

import dev.costagent.fixtures.TestRuns;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.costagent.agent.log.AgentLog;
import dev.costagent.agent.pricing.CatalogLoader;
import dev.costagent.agent.pricing.ModelResolver;
import dev.costagent.agent.stage.StageFrame;
import dev.costagent.agent.stage.StageTracker;
import dev.costagent.agent.value.Money;
import dev.costagent.agent.value.ResponseUsage;
import dev.costagent.agent.value.TokenCounts;
import dev.costagent.agent.value.Totals;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class CostLedgerConcurrencyTest {

    private static final int THREADS = 8;
    private static final int CALLS = 10_000;

    @Test
    void eightThreadsTimesTenThousandCallsLoseNoTokenAndNoFractionOfACent() throws Exception {
        CostLedger ledger = new CostLedger();
        StageTracker stages = new StageTracker();
        CostRecorder recorder = new CostRecorder(new ModelResolver(CatalogLoader.loadBundled()), ledger,
                TestRuns.warnings(), TestRuns.events(), new BigDecimal("1000"), new BigDecimal("1000000"));
        // Sonnet 4.5 call: 12 input, 2048 cache read, 100 5m write, 7 1h write, 6 output
        ResponseUsage sonnet = new ResponseUsage("claude-sonnet-4-5-20250929", "anthropic",
                new TokenCounts(12, 2048, 100, 7, 6));
        // gpt-4o-mini call with cached tokens: 2060 prompt incl. 2048 cached, 150 out
        ResponseUsage mini = new ResponseUsage("gpt-4o-mini-2024-07-18", "openai", new TokenCounts(12, 2048, 0, 0, 150));
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                StageFrame frame = stages.enter(thread % 2 == 0 ? "ideas" : "critique");
                start.await();
                for (int i = 0; i < CALLS; i++) {
                    recorder.record(i % 2 == 0 ? sonnet : mini, null, "op" + (i % 3), frame);
                }
                stages.exit(frame);
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();

        long sonnetCalls = (long) THREADS * CALLS / 2;
        long miniCalls = sonnetCalls;
        // per call: sonnet 12*3 + 2048*0.3 + 100*3.75 + 7*6 + 6*15 = 1157.4 per M = 0.0011574
        //           mini   12*0.15 + 2048*0.075 + 150*0.6 = 245.4 per M = 0.0002454
        BigDecimal expected = new BigDecimal("0.0011574").multiply(BigDecimal.valueOf(sonnetCalls))
                .add(new BigDecimal("0.0002454").multiply(BigDecimal.valueOf(miniCalls)));
        assertEquals(0, expected.compareTo(Money.usd(ledger.totalPicos())), () -> expected + " vs " + Money.usd(ledger.totalPicos()));
        Totals all = Totals.ZERO;
        for (var cell : ledger.cells()) {
            all = all.plus(cell.getValue());
        }
        assertEquals(THREADS * CALLS, all.calls());
        assertEquals(12L * THREADS * CALLS, all.input());
        assertEquals(2048L * THREADS * CALLS, all.cacheRead());
        assertEquals(107L * sonnetCalls, all.cacheWrite());
        assertEquals(6L * sonnetCalls + 150L * miniCalls, all.output());
        assertEquals(Money.picos(expected), all.picos());
    }
}
