package dev.costagent.agent.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.file.Path;

/**
 * Replaces the whole content of a file. The agent always uses {@link #ATOMIC}; the interface exists so that tests can
 * put a disk that fails (full, read-only) under the report writers without needing the privileges to mount one.
 *
 * <p>Implementations must leave the old content whole when they fail.
 */
@FunctionalInterface
public interface FileReplacer {

    /** The file system's own, through a temporary file, an fsync and a rename: see {@link AtomicFiles}. */
    FileReplacer ATOMIC = new FileReplacer() {
        @Override
        public void replace(Path target, byte[] content) throws IOException {
            AtomicFiles.write(target, content);
        }

        @Override
        public void replace(Path target, AtomicFiles.Body body, boolean durable, Path like) throws IOException {
            AtomicFiles.write(target, body, durable, like);
        }
    };

    /**
     * @throws IOException when the content could not be saved; the file then holds what it held before
     */
    void replace(Path target, byte[] content) throws IOException;

    /**
     * Replaces the file with what {@code body} writes, which may be large (a log copied from its old version).
     * This default collects it in memory for {@link #replace(Path, byte[])}, enough for a test's disk.
     *
     * @param durable whether the content must reach the disk before the rename (see {@link AtomicFiles})
     * @param like    whose mode a new file gets, or null
     */
    default void replace(Path target, AtomicFiles.Body body, boolean durable, Path like) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        body.writeTo(Channels.newChannel(out));
        replace(target, out.toByteArray());
    }
}
