package dev.costagent.benchmarks;

import dev.costagent.agent.log.AgentLog;
import dev.costagent.benchmarks.fixtures.LlmClient;
import java.io.OutputStream;
import java.io.PrintStream;
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
 * A stage entry and exit under the default log level, {@code info}: SPEC section 4 asks for one INFO line per
 * stage exit, so this is what a stage costs out of the box. The line goes to a discarding stream (the agent's
 * classes are the bootstrap copies, so {@link AgentLog} here is the running agent's), which keeps the terminal's
 * own cost out of the figure. Compare with {@code TrackedCallBenchmark.WithAgent.stage} (level {@code warn}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
@Fork(value = 2, jvmArgsAppend = {AgentForks.AGENT, AgentForks.OUT, AgentForks.BUDGET, "-Dcostagent.log=info"})
public class StageInfoLogBenchmark {

    private final LlmClient client = new LlmClient();
    private int x;

    @Setup
    public void setUp() {
        AgentForks.expectAttached(true);
        AgentLog.stream(new PrintStream(OutputStream.nullOutputStream()));
    }

    @Benchmark
    public int stageWithInfoLine() {
        return client.stage(x++);
    }
}
