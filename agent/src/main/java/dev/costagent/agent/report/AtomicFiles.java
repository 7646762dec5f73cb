package dev.costagent.agent.report;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replaces a file's content so that a reader sees the old file or the new one, never a part: the bytes go to a
 * temporary file in the same folder, are forced to disk, and the temporary file is renamed over the target.
 * A crash (even {@code kill -9}) at any point leaves the old file whole, and a failure (a full disk, a folder that
 * cannot be written) leaves it whole and removes the temporary file.
 *
 * <p>A {@code kill -9} between creating the temporary file and renaming it leaves the temporary file behind. Its
 * name is the target's with a leading dot, a unique part and {@code .tmp} ({@code .cost_log.json.1f3a9c-1.tmp}), so
 * that the target's owner can recognise it and remove it later (see {@link CostLogStore}). The file is created
 * readable and writable by its owner only (where the file system has POSIX permissions), so the target is too.
 */
final class AtomicFiles {

    static final String TEMP_SUFFIX = ".tmp";

    private static final AtomicLong NAMES = new AtomicLong();
    private static final Set<StandardOpenOption> CREATE_NEW =
            EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    /** Readable and writable by the owner only, as the temporary files of earlier versions were. */
    private static final FileAttribute<?> OWNER_ONLY = PosixFilePermissions.asFileAttribute(
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));

    private AtomicFiles() {
    }

    /** The prefix of the temporary files made for {@code target}. */
    /**
     * Creates {@code dir} and its parents unless it is a directory already. Asked first because
     * {@code Files.createDirectories} on an existing folder tries to create it and catches the exception that
     * fails: three exceptions per shutdown, about 2 ms of the host's exit in the demo, for nothing.
     */
    static void ensureDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
        }
    }

    static String tempPrefix(Path target) {
        return "." + target.getFileName() + ".";
    }

    static void write(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        ensureDirectory(dir);
        Path tmp = null;
        FileChannel created = null;
        for (int attempt = 0; created == null; attempt++) {
            // Named by clock and counter, not Files.createTempFile: that seeds a SecureRandom, whose security
            // provider classes would load at the host's exit. CREATE_NEW makes a clash a retry, never a share.
            tmp = dir.resolve(tempPrefix(target) + Long.toHexString(System.nanoTime()) + "-"
                    + NAMES.incrementAndGet() + TEMP_SUFFIX);
            try {
                created = FileChannel.open(tmp, CREATE_NEW, OWNER_ONLY);
            } catch (FileAlreadyExistsException clash) {
                if (attempt == 100) {
                    throw clash;
                }
            } catch (UnsupportedOperationException noPosix) {
                created = FileChannel.open(tmp, CREATE_NEW);
            }
        }
        try {
            try (FileChannel ch = created) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }
}
