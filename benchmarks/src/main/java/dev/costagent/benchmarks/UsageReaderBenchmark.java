package dev.costagent.benchmarks;

import dev.costagent.agent.sdk.SdkModules;
import dev.costagent.agent.usage.UsageReader;
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

/** {@link UsageReader#read} alone, per response type: the cached method-handle plans at work. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Thread)
public class UsageReaderBenchmark {

    private final UsageReader reader = new UsageReader(SdkModules.ALL, (site, fault) -> {
        throw new IllegalStateException("usage reader fault at " + site, fault);
    });
    private Object message;
    private Object completion;
    private Object map;

    @Setup
    public void setUp() {
        message = Responses.anthropicMessage();
        completion = Responses.openAiChatCompletion();
        map = Responses.anthropicMap();
        for (Object o : new Object[] {message, completion, map}) {
            if (reader.read(o) == null) {
                throw new IllegalStateException("no usage read from " + o.getClass().getName());
            }
        }
    }

    @Benchmark
    public Object anthropicMessage() {
        return reader.read(message);
    }

    @Benchmark
    public Object openAiChatCompletion() {
        return reader.read(completion);
    }

    @Benchmark
    public Object map() {
        return reader.read(map);
    }
}
