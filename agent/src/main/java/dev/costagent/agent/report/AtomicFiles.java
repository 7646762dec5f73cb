package dev.costagent.agent.report;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
 * that the target's owner can recognise it and remove it later (see {@link #removeTemporaryFiles}).
 *
 * <p>The new file keeps the permissions and, where the writer may give it, the group of the file it replaces (a
 * folder a team shares stays shared); a file that did not exist is made as the umask says ({@link FileModes}).
 */
public final class AtomicFiles {

    public static final String TEMP_SUFFIX = ".tmp";

    /** Writes a file's whole content into a channel. */
    @FunctionalInterface
    public interface Body {
        void writeTo(WritableByteChannel out) throws IOException;
    }

    private static final AtomicLong NAMES = new AtomicLong();
    private static final Set<StandardOpenOption> CREATE_NEW =
            EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

    private AtomicFiles() {
    }

    /**
     * Creates {@code dir} and its parents unless it is a directory already. Asked first because
     * {@code Files.createDirectories} on an existing folder tries to create it and catches the exception that
     * fails: three exceptions per shutdown, about 2 ms of the host's exit in the demo, for nothing.
     */
    public static void ensureDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
        }
    }

    /** The prefix of the temporary files made for {@code target}. */
    public static String tempPrefix(Path target) {
        return "." + target.getFileName() + ".";
    }

    /** Replaces {@code target} with these bytes, durably. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, bytes(bytes), true, null);
    }

    /**
     * A body of these bytes. A class, not a lambda, as everything on the host's exit path: a lambda's first use
     * spins a class and, the first time in a JVM, the method-handle machinery behind it.
     */
    public static Body bytes(byte[] bytes) {
        return new Bytes(bytes);
    }

    private static final class Bytes implements Body {
        private final byte[] bytes;

        Bytes(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public void writeTo(WritableByteChannel out) throws IOException {
            writeFully(out, ByteBuffer.wrap(bytes));
        }
    }

    /**
     * Replaces {@code target} with what {@code body} writes.
     *
     * @param durable whether the content is forced to disk before the rename; a file that is only a cache of
     *                others (an index) may skip it, as a power cut then costs only the cache
     * @param like    the file whose mode {@code target} gets (the log, for its companions); when null or missing,
     *                an existing target keeps its own, and a new one gets the umask's
     */
    public static void write(Path target, Body body, boolean durable, Path like) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        ensureDirectory(dir);
        FileModes.Mode mode = FileModes.of(like, target);
        Path tmp = null;
        FileChannel created = null;
        for (int attempt = 0; created == null; attempt++) {
            // Named by clock and counter, not Files.createTempFile: that seeds a SecureRandom, whose security
            // provider classes would load at the host's exit. CREATE_NEW makes a clash a retry, never a share.
            tmp = dir.resolve(tempPrefix(target) + Long.toHexString(System.nanoTime()) + "-"
                    + NAMES.incrementAndGet() + TEMP_SUFFIX);
            try {
                created = FileChannel.open(tmp, CREATE_NEW);
            } catch (FileAlreadyExistsException clash) {
                if (attempt == 100) {
                    throw clash;
                }
            }
        }
        try {
            try (FileChannel ch = created) {
                FileModes.apply(tmp, mode);
                body.writeTo(ch);
                if (durable) {
                    ch.force(true);
                }
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

    public static void writeFully(WritableByteChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }

    /**
     * Forces a folder's entries to disk, so that a file made or renamed in it survives a power cut (not only a
     * crash of the process). Where the platform cannot open a folder for this, it does nothing.
     */
    public static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException unsupported) {
            // Some platforms refuse to open a folder; its entries are then as durable as the platform makes them.
        }
    }

    /**
     * Removes the temporary files of writes, killed before their rename, to files of {@code dir} whose names start
     * with {@code name}. Call it only while holding what every writer of those files holds (a lock), so that any
     * such file left is an orphan. A file that cannot be removed stays: it is only clutter.
     */
    public static void removeTemporaryFiles(Path dir, String name) {
        String prefix = "." + name;
        try (DirectoryStream<Path> left = Files.newDirectoryStream(dir)) {
            for (Path p : left) {
                String n = p.getFileName().toString();
                if (n.startsWith(prefix) && n.endsWith(TEMP_SUFFIX)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Clutter only: the next writer tries again.
        }
    }
}
