package dev.costagent.agent.report.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.costagent.agent.log.AgentLog;
import dev.costagent.agent.report.RunReporter;
import dev.costagent.fixtures.CostLogs;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: two users share one output folder. This JVM (root) and a JVM run as {@code nobody} (through
 * {@code setpriv}) write their runs' files in turn: no file is reset to owner-only, the lock and the archive follow
 * the log's mode, and a run that cannot write the log keeps its entry in the spool for the next writer to merge.
 * Needs root (to run a JVM as another user); elsewhere it is skipped with the reason.
 */
class SharedFolderTest {

    @TempDir
    Path tmp;
    private Path data;
    private String childClassPath;

    @BeforeEach
    void aFolderBothUsersMayWrite() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")) && new File("/usr/bin/setpriv").canExecute(),
                "runs another user's JVM through setpriv, which needs root");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        data = Files.createDirectory(tmp.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx"));
        childClassPath = readableClassPath(Files.createDirectory(tmp.resolve("cp")));
    }

    /**
     * What the other user's JVM needs (the agent's and the tests' classes, jackson-core, slf4j), copied where that
     * user may read it: the build's own folders may be private to root.
     */
    private static String readableClassPath(Path into) throws IOException {
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String e : LogCrashTest.testClassPath().split(File.pathSeparator)) {
            Path p = Path.of(e);
            String name = p.getFileName().toString();
            boolean classes = Files.isDirectory(p) && (name.equals("classes") || name.equals("test-classes"));
            if (!classes && !name.startsWith("jackson-core-") && !name.startsWith("slf4j-api-")) {
                continue;
            }
            Path copy = into.resolve((n++) + "-" + name);
            copyReadable(p, copy);
            entries.add(copy.toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    private static void copyReadable(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        }
    }

    /** The files of run {@code id} written as the agent writes them at exit, by a JVM of user {@code nobody}. */
    private String writeAsNobody(String id) throws Exception {
        List<String> cmd = List.of("/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:auto",
                "-XX:TieredStopAtLevel=1", "-cp", childClassPath, LogWriterChild.class.getName(), "report",
                data.toString(), id, "2");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private void writeAsRoot(String id) {
        new RunReporter(() -> LogWriterChild.run(id), data, 2, AgentLog.get(RunReporter.class)).write();
    }

    private static Set<PosixFilePermission> mode(Path p) throws IOException {
        return Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
    }

    private static String owner(Path p) throws IOException {
        return Files.getOwner(p, LinkOption.NOFOLLOW_LINKS).getName();
    }

    @Test
    void twoUsersWriteOneFolderInTurnAndNoRunIsLost() throws Exception {
        Path log = data.resolve("cost_log.json");
        Path lock = data.resolve("cost_log.json.lock");
        Set<PosixFilePermission> umasked = PosixFilePermissions.fromString(umasked());

        writeAsRoot("r1");
        assertEquals(umasked, mode(log), "a new log follows the umask, not owner-only");
        assertEquals(umasked, mode(data.resolve("cost_report.json")));

        // The lock was made before the log, by the umask: nobody may not take it, so its entry waits in the spool.
        String out = writeAsNobody("r2");
        Path spooled = data.resolve("cost_log.spool/r2.json");
        assertTrue(out.contains("it is kept in " + spooled), out);
        assertEquals("nobody", owner(spooled));
        assertFalse(out.contains("the report follows on standard error"), "nothing is only printed: " + out);

        writeAsRoot("r3");
        assertFalse(Files.exists(spooled), "merged by the next writer");
        assertEquals(List.of("r1", "r2", "r3"), CostLogs.read(data).ids());

        // The team shares the log: its mode is kept by every replace, and the lock and the archive follow it.
        Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-rw-rw-"));
        writeAsRoot("r4");
        Set<PosixFilePermission> shared = PosixFilePermissions.fromString("rw-rw-rw-");
        assertEquals(shared, mode(log), "kept through the replace");
        assertEquals(shared, mode(lock), "the lock follows the log");
        Path archive = data.resolve("cost_log.archive/2026-11.jsonl.gz");
        assertEquals(shared, mode(archive), "the archive follows the log");

        out = writeAsNobody("r5");
        assertFalse(out.contains("WARN"), out);
        assertEquals("nobody", owner(log), "nobody replaced the log itself this time");
        assertEquals(shared, mode(log));
        assertEquals(shared, mode(data.resolve("cost_log.json.index")));
        writeAsRoot("r6");
        CostLogs.Folder f = CostLogs.read(data);
        assertEquals(List.of("r1", "r2", "r3", "r4", "r5", "r6"), f.ids());
        f.assertEachRunOnceAndTotalsExact("after six runs by two users");
    }

    /** What {@code rw-rw-rw-} becomes under this process's umask. */
    private static String umasked() throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "umask").start();
        int umask = Integer.parseInt(new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim(), 8);
        p.waitFor();
        StringBuilder s = new StringBuilder();
        String rwx = "rwxrwxrwx";
        for (int bit = 8; bit >= 0; bit--) {
            boolean on = (0666 & ~umask & (1 << bit)) != 0;
            s.append(on ? rwx.charAt(8 - bit) : '-');
        }
        return s.toString();
    }
}
