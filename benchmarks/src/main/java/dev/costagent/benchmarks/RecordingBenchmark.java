package dev.costagent.benchmarks;

import dev.costagent.agent.events.RunEvents;
import dev.costagent.agent.ledger.CostLedger;
import dev.costagent.agent.ledger.CostRecorder;
import dev.costagent.agent.ledger.Warnings;
import dev.costagent.agent.log.AgentLog;
import dev.costagent.agent.log.Faults;
import dev.costagent.agent.pricing.CatalogLoader;
import dev.costagent.agent.pricing.ModelResolver;
import dev.costagent.agent.stage.StageFrame;
import dev.costagent.agent.stage.StageTracker;
import dev.costagent.agent.value.ResponseUsage;
import dev.costagent.agent.value.TokenCounts;
import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Recording throughput from 1, 2 and 4 threads into one shared ledger, all threads on the same cell (same stage,
 * model, operation): the worst case for contention. {@code recordN} is the whole recording step of a tracked call
 * after its usage is read ({@link CostRecorder#record}: model resolution, pricing, ledger, stage total);
 * {@code ledgerN} is {@link CostLedger#record} alone. On two cores, 2 threads should give close to twice the
 * throughput of 1; 4 threads cannot give more than 2 cores' worth. {@code idleN} does thread-private work of
 * about the same length and shares nothing: its ratio is what the machine itself allows at that moment (other
 * processes on the same cores lower it), the ceiling to judge the ledger's ratio against.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class RecordingBenchmark {

    /** Blackhole.consumeCPU tokens of about the cost of one recording on this machine class (~60 ns). */
    private static final long CALIBRATION_TOKENS = 32;

    /** One run's recorder and ledger, shared by every benchmark thread. */
    @State(Scope.Benchmark)
    public static class Run {
        CostLedger ledger;
        CostRecorder recorder;
        CostLedger.Key key;

        @Setup
        public void setUp() throws Exception {
            ledger = new CostLedger();
            // No listener: the recording path as it is with every integration off.
            RunEvents events = new RunEvents(new Faults(AgentLog.get(Faults.class)));
            recorder = new CostRecorder(new ModelResolver(CatalogLoader.loadBundled()), ledger,
                    new Warnings(AgentLog.get(Warnings.class), events), events, new BigDecimal("1.00"),
                    new BigDecimal("1000000"));
            key = new CostLedger.Key("bench", "claude-sonnet-4-5", "anthropic", "Bench.record", true);
        }
    }

    /** Each thread's own stage frame, as each thread of a pipeline has its own. */
    @State(Scope.Thread)
    public static class Caller {
        final ResponseUsage usage = new ResponseUsage("claude-sonnet-4-5-20250929", "anthropic",
                new TokenCounts(12, 2048, 100, 200, 6));
        StageFrame frame;

        @Setup
        public void setUp() {
            frame = new StageTracker().enter("bench");
        }
    }

    @Benchmark
    @Threads(1)
    public long record1(Run run, Caller c) {
        return run.recorder.record(c.usage, null, "Bench.record", c.frame);
    }

    @Benchmark
    @Threads(2)
    public long record2(Run run, Caller c) {
        return run.recorder.record(c.usage, null, "Bench.record", c.frame);
    }

    @Benchmark
    @Threads(4)
    public long record4(Run run, Caller c) {
        return run.recorder.record(c.usage, null, "Bench.record", c.frame);
    }

    @Benchmark
    @Threads(1)
    public void idle1() {
        Blackhole.consumeCPU(CALIBRATION_TOKENS);
    }

    @Benchmark
    @Threads(2)
    public void idle2() {
        Blackhole.consumeCPU(CALIBRATION_TOKENS);
    }

    @Benchmark
    @Threads(1)
    public void ledger1(Run run, Caller c) {
        run.ledger.record(run.key, c.usage.tokens(), 2_000_000L);
    }

    @Benchmark
    @Threads(2)
    public void ledger2(Run run, Caller c) {
        run.ledger.record(run.key, c.usage.tokens(), 2_000_000L);
    }

    @Benchmark
    @Threads(4)
    public void ledger4(Run run, Caller c) {
        run.ledger.record(run.key, c.usage.tokens(), 2_000_000L);
    }
}
