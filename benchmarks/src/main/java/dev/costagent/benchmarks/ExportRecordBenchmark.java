package dev.costagent.benchmarks;

import dev.costagent.agent.budget.BudgetGuard;
import dev.costagent.agent.config.AgentConfig;
import dev.costagent.agent.config.ConfigLoader;
import dev.costagent.agent.events.RunEvents;
import dev.costagent.agent.export.otlp.OtlpExportFactory;
import dev.costagent.agent.integration.Integration;
import dev.costagent.agent.integration.IntegrationContext;
import dev.costagent.agent.ledger.CostLedger;
import dev.costagent.agent.ledger.CostRecorder;
import dev.costagent.agent.ledger.Warnings;
import dev.costagent.agent.log.AgentLog;
import dev.costagent.agent.log.Faults;
import dev.costagent.agent.pricing.CatalogLoader;
import dev.costagent.agent.pricing.ModelResolver;
import dev.costagent.agent.report.RunSnapshots;
import dev.costagent.agent.stage.StageFrame;
import dev.costagent.agent.stage.StageTracker;
import dev.costagent.agent.value.ResponseUsage;
import dev.costagent.agent.value.TokenCounts;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The recording step of one call ({@link CostRecorder#record}) with every export off ({@code off}), and with the
 * OTLP export listening ({@code otlp}): the difference is all the OTLP export adds on the program's thread (the
 * call's event object and the offer to the export's bounded queue); the export's own thread takes the calls on the
 * other core. The Prometheus endpoint and JMX add no call listener at all, so their recording step is
 * {@code off}'s by construction. Finer-grained than {@link ExportCallBenchmark}, whose forks measure the whole
 * tracked call under the shipped jar.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar ExportRecordBenchmark -wi 3 -w 2s -i 5 -r 2s</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class ExportRecordBenchmark {

    private static final ResponseUsage USAGE = new ResponseUsage("claude-sonnet-4-5-20250929", "anthropic",
            new TokenCounts(12, 2048, 100, 0, 6));

    /** A run's recorder, with or without the OTLP export among its listeners. */
    abstract static class Run {
        CostRecorder recorder;
        StageFrame frame;
        Integration export;

        abstract boolean otlp();

        @Setup
        public void setUp() throws Exception {
            Path dir = Files.createTempDirectory("export-bench");
            Map<String, String> props = otlp()
                    ? Map.of("costagent.otlp.endpoint", "http://127.0.0.1:9", "costagent.log", "error")
                    : Map.of("costagent.log", "error");
            AgentConfig config = ConfigLoader.load(null, props, Map.of(), dir);
            AgentLog.level("error");
            Faults faults = new Faults(AgentLog.get(Faults.class));
            RunEvents events = new RunEvents(faults);
            CostLedger ledger = new CostLedger();
            StageTracker stages = new StageTracker();
            BudgetGuard guard = new BudgetGuard(null, ledger, stages, events, Clock.systemUTC(),
                    AgentLog.get(BudgetGuard.class));
            Warnings warnings = new Warnings(AgentLog.get(Warnings.class), events);
            recorder = new CostRecorder(new ModelResolver(CatalogLoader.loadBundled()), ledger, warnings, events,
                    new BigDecimal("1000000"), new BigDecimal("1000000"));
            if (otlp()) {
                RunSnapshots snapshots = new RunSnapshots("bench", () -> "bench", Instant.now(), Clock.systemUTC(),
                        ledger, guard, warnings, faults);
                export = new OtlpExportFactory().create(new IntegrationContext(config, ledger, guard, snapshots,
                        faults, Clock.systemUTC(), false));
                events.add(export);
            }
            frame = stages.enter("bench");
        }

        @TearDown
        public void tearDown() {
            if (export != null) {
                export.close();
            }
        }
    }

    @State(Scope.Thread)
    public static class Off extends Run {
        @Override
        boolean otlp() {
            return false;
        }
    }

    @State(Scope.Thread)
    public static class Otlp extends Run {
        @Override
        boolean otlp() {
            return true;
        }
    }

    @Benchmark
    public long off(Off run) {
        return run.recorder.record(USAGE, null, "Bench.call", run.frame);
    }

    @Benchmark
    public long otlp(Otlp run) {
        return run.recorder.record(USAGE, null, "Bench.call", run.frame);
    }
}
