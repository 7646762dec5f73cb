package dev.costagent.benchmarks;

import org.openjdk.jmh.annotations.Fork;

/**
 * What an export switched on adds to each call, over the agent alone (docs/performance.md). The benchmark methods
 * are {@link TrackedCallBenchmark}'s; every fork runs the shipped agent jar. The nested classes keep {@link Main}'s
 * pairing names, so {@code --rounds} pairs each export's fork with one of the agent alone and prints the difference:
 * under these classes its "agent overhead" lines read "the export's overhead over the agent alone".
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar --rounds 4 'ExportCallBenchmark\.Prometheus.*(anthropicMessage|map)' -wi 3 -w 2s -i 5 -r 2s
 * java -jar benchmarks/target/benchmarks.jar --rounds 4 'ExportCallBenchmark\.Otlp.*(anthropicMessage|map)' -wi 3 -w 2s -i 5 -r 2s
 * </pre>
 */
public final class ExportCallBenchmark {

    private ExportCallBenchmark() {
    }

    /** The agent with every export off: the baseline of both pairs. */
    private abstract static class AgentAlone extends TrackedCallBenchmark {
        @Override
        boolean attached() {
            return true;
        }
    }

    /** The Prometheus endpoint on (collected at scrape time: nothing happens per call). */
    public abstract static class Prometheus extends AgentAlone {

        @Fork(value = 2, jvmArgsAppend = {AgentForks.AGENT, AgentForks.OUT, AgentForks.BUDGET, AgentForks.QUIET,
            "-Dcostagent.prometheus.port=19464", "-Dcostagent.prometheus.host=127.0.0.1"})
        public static class WithAgent extends Prometheus {
        }

        @Fork(value = 2, jvmArgsAppend = {AgentForks.AGENT, AgentForks.OUT, AgentForks.BUDGET, AgentForks.QUIET})
        public static class WithoutAgent extends Prometheus {
        }
    }

    /**
     * The OTLP export on: each call is offered to the export's bounded queue and its tokens recorded into the SDK's
     * histogram on the export's thread. The collector's port is closed (exports fail, once every 10 s): the
     * per-call path is the same whatever the collector does.
     */
    public abstract static class Otlp extends AgentAlone {

        @Fork(value = 2, jvmArgsAppend = {AgentForks.AGENT, AgentForks.OUT, AgentForks.BUDGET, AgentForks.QUIET,
            "-Dcostagent.otlp.endpoint=http://127.0.0.1:9"})
        public static class WithAgent extends Otlp {
        }

        @Fork(value = 2, jvmArgsAppend = {AgentForks.AGENT, AgentForks.OUT, AgentForks.BUDGET, AgentForks.QUIET})
        public static class WithoutAgent extends Otlp {
        }
    }
}
