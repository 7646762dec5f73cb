package dev.costagent.benchmarks;

import com.anthropic.models.messages.Message;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What counting a response once by identity costs at the least: {@code System.identityHashCode} of a response
 * object that has none yet (every fresh response), which the JVM must generate and install in the object's header
 * through a runtime call. The difference of the two methods is that price; the tracked-call benchmarks pay it on
 * every call, as programs do.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Thread)
public class IdentityHashBenchmark {

    private Message message;

    @Setup
    public void setUp() {
        message = Responses.anthropicMessage();
    }

    @Benchmark
    public Object freshMessage() {
        return Responses.fresh(message);
    }

    @Benchmark
    public int freshMessageIdentityHash() {
        return System.identityHashCode(Responses.fresh(message));
    }
}
