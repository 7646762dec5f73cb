package dev.costagent.agent.report;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a file's content so that a reader sees the old file or the new one, never a part: the bytes go to a
 * temporary file in the same folder, are forced to disk, and the temporary file is renamed over the target.
 * A crash (even {@code kill -9}) at any point leaves the old file whole, and a failure (a full disk, a folder that
 * cannot be written) leaves it whole and removes the temporary file.
 *
 * <p>A {@code kill -9} between creating the temporary file and renaming it leaves the temporary file behind. Its
 * name is the target's with a leading dot, a number and {@code .tmp} ({@code .cost_log.json.123.tmp}), so that the
 * target's owner can recognise it and remove it later (see {@link CostLogStore}).
 */
final class AtomicFiles {

    static final String TEMP_SUFFIX = ".tmp";

    private AtomicFiles() {
    }

    /** The prefix of the temporary files made for {@code target}. */
    static String tempPrefix(Path target) {
        return "." + target.getFileName() + ".";
    }

    static void write(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, tempPrefix(target), TEMP_SUFFIX);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
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
