package dev.costagent.benchmarks.store;

import dev.costagent.benchmarks.fixtures.LlmClient;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the fleet store costs the program's threads: the same tracked call and stage under the agent, with a store
 * and a shared scope ({@link WithStore}) and without a store ({@link WithoutStore}), both forks running the shipped
 * jar with {@code -javaagent} and a budget (so every stage boundary checks it).
 *
 * <p>{@code map}: a {@code @TrackedCall} returning a usage map. With a store the call does no more than without
 * one (the store's thread reads the ledger's total), so the two should not differ. {@code stage}: a
 * {@code @PipelineStage} entry and exit, each of which, with a scope and a budget, makes one round trip to the store
 * (push this JVM's pending spend, read the scope's total): the difference is two round trips.
 *
 * <p>The store fork starts its own {@code redis-server} on port {@value #PORT} (after the agent's premain, so the
 * agent's first attempt to connect fails with one WARN, and its store thread connects a moment later), and waits
 * until the agent has pushed to it before measuring.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public abstract class StoreBenchmark {

    static final int PORT = 16379;
    static final String AGENT = "-javaagent:agent/target/cost-agent.jar";
    static final String OUT = "-Dcostagent.out=benchmarks/target/jmh-store-out";
    static final String BUDGET = "-Dbudget=1000000";
    static final String QUIET = "-Dcostagent.log=warn";

    private final LlmClient client = new LlmClient();
    private final Map<String, Object> response = response();
    private int x;

    private static Map<String, Object> response() {
        Map<String, Object> usage = new HashMap<>();
        usage.put("input_tokens", 12);
        usage.put("output_tokens", 6);
        Map<String, Object> r = new HashMap<>();
        r.put("model", "claude-sonnet-4-5-20250929");
        r.put("usage", usage);
        return r;
    }

    @Benchmark
    public Object map() {
        // A fresh object per call, as a real call returns: the agent counts each response once.
        return client.map(new HashMap<>(response));
    }

    @Benchmark
    public int stage() {
        return client.stage(x++);
    }

    @Fork(value = 2, jvmArgsAppend = {AGENT, OUT, BUDGET, QUIET})
    public static class WithoutStore extends StoreBenchmark {
    }

    @Fork(value = 2, jvmArgsAppend = {AGENT, OUT, BUDGET, QUIET, "-Dcostagent.store=redis://127.0.0.1:" + PORT,
        "-Dcostagent.budget.scope=bench"})
    public static class WithStore extends StoreBenchmark {

        private RedisProcess redis;

        @Setup
        public void startStore() throws Exception {
            redis = RedisProcess.start(PORT);
            // The agent's store thread reconnects within its backoff (at most 5 s); a stage pushes once it has.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (redis.get("costagent:{bench}:total") == null) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the agent never pushed to the store on port " + PORT);
                }
                map();
                stage();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }

        @TearDown
        public void stopStore() throws Exception {
            redis.close();
        }
    }
}
