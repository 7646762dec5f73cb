package dev.costagent.agent.report;

import java.io.IOException;
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
    };

    /**
     * @throws IOException when the content could not be saved; the file then holds what it held before
     */
    void replace(Path target, byte[] content) throws IOException;
}
