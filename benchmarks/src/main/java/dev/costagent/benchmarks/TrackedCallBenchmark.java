package dev.costagent.benchmarks;

import com.anthropic.models.messages.Message;
import com.openai.models.chat.completions.ChatCompletion;
import dev.costagent.benchmarks.fixtures.LlmClient;
import java.util.Map;
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
 * The same {@code @TrackedCall} and {@code @PipelineStage} methods with the agent ({@link WithAgent}) and without
 * it ({@link WithoutAgent}), in one JMH run. Each tracked call gets a fresh response (see {@link Responses}); the
 * difference of the two is the agent's cost per call: advice, usage reading, counting-once, pricing, ledger.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// The SDK paths (Jackson inside the builders, the reader's method handles) need long to compile on 2 loaded cores.
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public abstract class TrackedCallBenchmark {

    private final LlmClient client = new LlmClient();
    private Message message;
    private ChatCompletion completion;
    private Map<String, Object> map;
    private int x;

    abstract boolean attached();

    @Setup
    public void setUp() {
        AgentForks.expectAttached(attached());
        message = Responses.anthropicMessage();
        completion = Responses.openAiChatCompletion();
        map = Responses.anthropicMap();
    }

    @Benchmark
    public Object anthropicMessage() {
        return client.anthropic(Responses.fresh(message));
    }

    @Benchmark
    public Object openAiChatCompletion() {
        return client.openAi(Responses.fresh(completion));
    }

    @Benchmark
    public Object map() {
        return client.map(Responses.fresh(map));
    }

    /** One stage entry and exit around a trivial body. */
    @Benchmark
    public int stage() {
        return client.stage(x++);
    }

    @Fork(value = 2, jvmArgsAppend = {AgentForks.AGENT, AgentForks.OUT, AgentForks.BUDGET, AgentForks.QUIET})
    public static class WithAgent extends TrackedCallBenchmark {
        @Override
        boolean attached() {
            return true;
        }
    }

    @Fork(value = 2)
    public static class WithoutAgent extends TrackedCallBenchmark {
        @Override
        boolean attached() {
            return false;
        }
    }
}
