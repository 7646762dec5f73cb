package dev.costagent.benchmarks.store;

import dev.costagent.agent.store.Batch;
import dev.costagent.agent.store.ScopeKeys;
import dev.costagent.agent.store.StoreConnection;
import dev.costagent.agent.store.StoreUrl;
import dev.costagent.agent.store.redis.RedisStoreClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One stage boundary's round trip to the store, alone: the push script with one new batch (what a boundary sends
 * after a stage that spent) and with none (a boundary that only reads the scope's total), on a loopback
 * {@code redis-server} this benchmark starts.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class StoreRoundTripBenchmark {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final ScopeKeys KEYS = new ScopeKeys("roundtrip");

    private RedisProcess redis;
    private StoreConnection connection;
    private long seq;

    @Setup(Level.Trial)
    public void start() throws Exception {
        redis = RedisProcess.start();
        connection = new RedisStoreClient(StoreUrl.parse("redis://127.0.0.1:" + redis.port), TIMEOUT).open();
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        connection.close();
        redis.close();
    }

    @Benchmark
    public long pushOneBatch() throws Exception {
        return connection.push(KEYS, "bench-run", List.of(new Batch(++seq, 1_115_400_000L)), null, TIMEOUT);
    }

    @Benchmark
    public long readTotal() throws Exception {
        return connection.push(KEYS, "bench-run", List.of(), null, TIMEOUT);
    }
}
