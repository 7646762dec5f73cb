package dev.costagent.agent.report.history;

import dev.costagent.agent.events.RunSnapshot;
import dev.costagent.agent.log.AgentLog;
import dev.costagent.agent.report.FileReplacer;
import dev.costagent.agent.report.RunReporter;
import dev.costagent.agent.value.Totals;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The other process of the log's crash and concurrency tests, started in its own JVM.
 *
 * <ul>
 *   <li>{@code write LOG PREFIX KEEP}: adds runs {@code PREFIX-0}, {@code PREFIX-1}, ... to the log, one write each,
 *       as fast as it can, printing {@code WROTE <id>} after each write returned, until it is killed.</li>
 *   <li>{@code pause-at LOG STEP KEEP ID}: writes run {@code ID}, and when the write reaches {@code STEP} (a
 *       {@link LogUpdate.Step}) prints {@code AT <STEP>} and waits there until it is killed.</li>
 *   <li>{@code write-after-line LOG ID KEEP}: prints {@code READY}, waits for a line on standard input, writes run
 *       {@code ID}, prints {@code WROTE <id>}: several of them released together end at the same moment.</li>
 *   <li>{@code report OUTDIR ID KEEP}: writes run {@code ID}'s files as the agent does at exit ({@link RunReporter}:
 *       the report, then the log entry, tried twice, else spooled), for the tests run as another user.</li>
 *   <li>{@code hold-lock LOG}: takes the log's lock, prints {@code LOCKED} and holds it until it is killed, like a
 *       process frozen in the middle of a write.</li>
 * </ul>
 */
final class LogWriterChild {

    private LogWriterChild() {
    }

    public static void main(String[] args) throws Exception {
        Path log = Path.of(args[1]);
        switch (args[0]) {
            case "hold-lock" -> holdLock(log);
            case "pause-at" -> pauseAt(log, LogUpdate.Step.valueOf(args[2]), Integer.parseInt(args[3]), args[4]);
            case "report" -> new RunReporter(() -> run(args[2]), log, Integer.parseInt(args[3]),
                    AgentLog.get(RunReporter.class)).write();
            case "write-after-line" -> {
                CostLogStore store = store(log, Integer.parseInt(args[3]), LogUpdate.Steps.NONE);
                say("READY");
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                store.write(run(args[2]));
                say("WROTE " + args[2]);
            }
            default -> {
                CostLogStore store = store(log, Integer.parseInt(args[3]), LogUpdate.Steps.NONE);
                for (int i = 0; ; i++) {
                    String id = args[2] + "-" + i;
                    store.write(run(id));
                    say("WROTE " + id);
                }
            }
        }
    }

    /**
     * The run every writer here writes: one stage {@code ideas} of $0.001 on model {@code m}. Made here rather than by
     * the test fixtures, so that this class needs nothing beyond the agent and jackson-core (another user's JVM gets
     * only those).
     */
    static RunSnapshot run(String id) {
        long picos = 1_000_000_000L;
        Totals t = new Totals(1, 10, 5, 0, 0, picos);
        return new RunSnapshot(id, "Crash", Instant.parse("2026-11-22T08:00:00Z"), Instant.parse("2026-11-22T08:00:01Z"),
                "completed", new BigDecimal("5"), List.of(), t, Map.of("ideas", t), Map.of("m", t),
                Map.of("anthropic", t), Map.of("Op.call", t), Map.of(), 0, List.of(), Map.of());
    }

    private static CostLogStore store(Path log, int keep, LogUpdate.Steps steps) {
        return new CostLogStore(log, keep, AgentLog.get(LogWriterChild.class), FileReplacer.ATOMIC,
                CostLogStore.LOCK_WAIT, steps);
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static void pauseAt(Path log, LogUpdate.Step step, int keep, String id) throws Exception {
        store(log, keep, reached -> {
            if (reached == step) {
                say("AT " + step);
                try {
                    // Held here until the test kills this process.
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }).write(run(id));
        say("WROTE " + id);
    }

    private static void holdLock(Path log) throws IOException, InterruptedException {
        Path lockFile = log.resolveSibling(log.getFileName() + ".lock");
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = ch.lock()) {
            say("LOCKED");
            // Held until the test kills this process.
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
