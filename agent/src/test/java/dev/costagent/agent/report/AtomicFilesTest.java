package dev.costagent.agent.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue #4, points 1 and 2: a reader never sees part of a file, and a failed write leaves the old one whole. */
class AtomicFilesTest {

    private static final int SIZE = 256 * 1024;

    @TempDir
    Path dir;

    /** Content of one byte value repeated: a reader can tell a whole version from a mix or a truncation. */
    private static byte[] version(int v, int size) {
        byte[] b = new byte[size + v % 7];
        Arrays.fill(b, (byte) ('a' + v % 26));
        return b;
    }

    /** One version whole: a single byte value throughout, at one of the lengths versions have. */
    private static boolean isWhole(byte[] read) {
        int extra = read.length - SIZE;
        if (extra < 0 || extra >= 7) {
            return false;
        }
        for (byte b : read) {
            if (b != read[0]) {
                return false;
            }
        }
        return true;
    }

    @Test
    void aReaderReadingWithoutPauseNeverSeesAHalfWrittenFile() throws Exception {
        Path target = dir.resolve("cost_log.json");
        AtomicFiles.write(target, version(0, SIZE));
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger reads = new AtomicInteger();
        AtomicReference<String> broken = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            while (writing.get() && broken.get() == null) {
                try {
                    byte[] read = Files.readAllBytes(target);
                    reads.incrementAndGet();
                    if (!isWhole(read)) {
                        broken.set("read " + read.length + " bytes that are no whole version");
                    }
                } catch (NoSuchFileException e) {
                    broken.set("the file was missing for a moment");
                } catch (IOException e) {
                    broken.set(e.toString());
                }
            }
        });
        reader.start();
        // At least 150 writes, and on until the reader has read 300 times while they happen (however fast either is).
        for (int v = 1; (v <= 150 || reads.get() < 300) && v < 100_000 && broken.get() == null; v++) {
            AtomicFiles.write(target, version(v, SIZE));
        }
        writing.set(false);
        reader.join();
        assertEquals(null, broken.get(), "after " + reads.get() + " reads");
        assertTrue(reads.get() >= 300, "the reader read while the writes happened: " + reads.get());
    }

    @Test
    void aWriteThatFailsLeavesTheOldFileAndNoTemporaryFile() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("target-is-a-folder"));
        Files.writeString(folder.resolve("inside.txt"), "kept");
        FileSystemException e = assertThrows(FileSystemException.class,
                () -> AtomicFiles.write(folder, "new".getBytes()));
        assertEquals("Is a directory", e.getReason());
        assertEquals("kept", Files.readString(folder.resolve("inside.txt")));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("target-is-a-folder"), s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void theNewContentReplacesTheOldWhole() throws Exception {
        Path target = dir.resolve("sub/cost_report.json");
        AtomicFiles.write(target, version(1, 10));
        AtomicFiles.write(target, "{}".getBytes());
        assertArrayEquals("{}".getBytes(), Files.readAllBytes(target));
    }

    @Test
    void anOrphanedTemporaryNameIsNeverReused() throws Exception {
        Path target = dir.resolve("cost_report.json");
        // A temporary file a killed writer left behind keeps its name: new writes pick other names.
        Path orphan = dir.resolve(AtomicFiles.tempPrefix(target) + "left" + AtomicFiles.TEMP_SUFFIX);
        Files.write(orphan, new byte[] {9});
        for (int i = 0; i < 50; i++) {
            AtomicFiles.write(target, ("v" + i).getBytes(StandardCharsets.US_ASCII));
        }
        assertEquals("v49", Files.readString(target));
        assertArrayEquals(new byte[] {9}, Files.readAllBytes(orphan));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(orphan.getFileName().toString(), "cost_report.json"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aNewFileFollowsTheUmaskAndAReplacedOneKeepsItsModeOrTakesTheOneItIsMadeLike() throws Exception {
        Assumptions.assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"), "no POSIX modes here");
        Path target = dir.resolve("cost_report.json");
        AtomicFiles.write(target, "1".getBytes(StandardCharsets.US_ASCII));
        Path probe = Files.createFile(dir.resolve("probe"));
        assertEquals(Files.getPosixFilePermissions(probe), Files.getPosixFilePermissions(target),
                "as any new file of this process: the umask's, not owner-only");

        Set<PosixFilePermission> shared = PosixFilePermissions.fromString("rw-rw-r--");
        Files.setPosixFilePermissions(target, shared);
        AtomicFiles.write(target, "2".getBytes(StandardCharsets.US_ASCII));
        assertEquals(shared, Files.getPosixFilePermissions(target), "kept through the replace");
        assertEquals("2", Files.readString(target));

        Path companion = dir.resolve("cost_report.json.index");
        AtomicFiles.write(companion, AtomicFiles.bytes(new byte[] {1}), false, target);
        assertEquals(shared, Files.getPosixFilePermissions(companion), "made like the file named");
    }

    @Test
    void theFolderIsMadeWhenMissingAndUsedWhenThereThroughALinkOrNot() throws Exception {
        AtomicFiles.write(dir.resolve("a/b/c/cost_report.json"), "1".getBytes(StandardCharsets.US_ASCII));
        AtomicFiles.write(dir.resolve("a/b/c/cost_report.json"), "2".getBytes(StandardCharsets.US_ASCII));
        assertEquals("2", Files.readString(dir.resolve("a/b/c/cost_report.json")));
        Path link = dir.resolve("link");
        try {
            Files.createSymbolicLink(link, dir.resolve("a"));
        } catch (UnsupportedOperationException | IOException noLinks) {
            link = null;
        }
        if (link != null) {
            AtomicFiles.write(link.resolve("cost_report.json"), "3".getBytes(StandardCharsets.US_ASCII));
            assertEquals("3", Files.readString(dir.resolve("a/cost_report.json")));
        }
        // A file where the folder should be is still refused, and left as it is.
        Files.writeString(dir.resolve("blocker"), "x");
        assertThrows(IOException.class,
                () -> AtomicFiles.write(dir.resolve("blocker/cost_report.json"), new byte[] {1}));
        assertEquals("x", Files.readString(dir.resolve("blocker")));
    }
}
