package dev.costagent.benchmarks.memory;

import dev.costagent.CostAgent;
import dev.costagent.PipelineStage;
import dev.costagent.TrackedCall;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Heap the agent keeps after N tracked calls: runs N calls (each in a stage, each returning a fresh {@code Map}
 * response) under the real agent, and compares the heap in use after full collections before and after.
 *
 * <pre>java -javaagent:agent/target/cost-agent.jar -Dcostagent.out=/tmp/out -Dcostagent.log=warn \
 *     -cp benchmarks/target/benchmarks.jar dev.costagent.benchmarks.memory.RetainedHeap [calls]</pre>
 *
 * Two figures: right after the calls, and after one more call. The agent drops the entries of responses the
 * collector has freed when the next response is counted, so the second is what the agent keeps for good; the
 * first also holds what it had not dropped yet.
 */
public final class RetainedHeap {

    /** What was measured, in bytes of heap in use after full collections. */
    public record Result(long calls, long before, long afterCalls, long afterCleanup, BigDecimal spentUsd) {

        public long growth() {
            return afterCalls - before;
        }

        public long retained() {
            return afterCleanup - before;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%,d calls ($%s spent): heap after GC %,d -> %,d bytes (%+,d) right after"
                    + " the calls, %,d bytes (%+,d) after one more call", calls, spentUsd.toPlainString(), before,
                    afterCalls, growth(), afterCleanup, retained());
        }
    }

    private static final Map<String, Object> USAGE = Map.of(
            "input_tokens", 1000, "output_tokens", 200, "cache_read_input_tokens", 0);

    private RetainedHeap() {
    }

    public static void main(String[] args) throws InterruptedException {
        long calls = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        if (!CostAgent.isAttached()) {
            System.err.println("RetainedHeap: run it under the agent (-javaagent:agent/target/cost-agent.jar)");
            System.exit(2);
        }
        System.out.println(measure(calls));
    }

    public static Result measure(long calls) throws InterruptedException {
        // Warm up: every class loaded, the site, the ledger cell and the model resolution made.
        run(10_000);
        BigDecimal spentBefore = CostAgent.runningCostUsd();
        long before = settledHeapUsed();
        run(calls);
        long afterCalls = settledHeapUsed();
        BigDecimal spent = CostAgent.runningCostUsd().subtract(spentBefore);
        run(1);
        long afterCleanup = settledHeapUsed();
        return new Result(calls, before, afterCalls, afterCleanup, spent);
    }

    static void run(long calls) {
        for (long i = 0; i < calls; i++) {
            stage(i);
        }
    }

    @PipelineStage("memory")
    static int stage(long i) {
        return call(i).size();
    }

    @TrackedCall("RetainedHeap.call")
    static Map<String, Object> call(long i) {
        Map<String, Object> response = new HashMap<>(4);
        response.put("id", i);
        response.put("model", "claude-haiku-4-5");
        response.put("usage", USAGE);
        return response;
    }

    /** Heap in use after full collections, once it stops falling (reference processing may free more). */
    static long settledHeapUsed() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            Thread.sleep(50);
            long used = memory.getHeapMemoryUsage().getUsed();
            if (used >= last) {
                return Math.min(used, last);
            }
            last = used;
        }
        return last;
    }
}
