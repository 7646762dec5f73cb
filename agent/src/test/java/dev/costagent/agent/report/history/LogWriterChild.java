package dev.costagent.agent.report.history;

import dev.costagent.agent.log.AgentLog;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The other process of {@link LogCrashTest}, started in its own JVM.
 *
 * <ul>
 *   <li>{@code write LOG PREFIX}: adds runs {@code PREFIX-0}, {@code PREFIX-1}, ... to the log, one write each, as
 *       fast as it can, printing {@code WROTE <id>} after each write returned, until it is killed.</li>
 *   <li>{@code hold-lock LOG}: takes the log's lock, prints {@code LOCKED} and holds it until it is killed, like a
 *       process frozen in the middle of a write.</li>
 * </ul>
 */
final class LogWriterChild {

    private LogWriterChild() {
    }

    public static void main(String[] args) throws Exception {
        Path log = Path.of(args[1]);
        if (args[0].equals("hold-lock")) {
            holdLock(log);
            return;
        }
        CostLogStore store = new CostLogStore(log, CostLogStore.DEFAULT_KEEP, AgentLog.get(LogWriterChild.class));
        for (int i = 0; ; i++) {
            String id = args[2] + "-" + i;
            store.write(LogCrashTest.run(id));
            System.out.println("WROTE " + id);
            System.out.flush();
        }
    }

    private static void holdLock(Path log) throws IOException, InterruptedException {
        Path lockFile = log.resolveSibling(log.getFileName() + ".lock");
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = ch.lock()) {
            System.out.println("LOCKED");
            System.out.flush();
            // Held until the test kills this process.
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
