package dev.costagent.agent.report.history;

import java.io.IOException;

/**
 * Runs could not be moved to the archive (its folder or a file there cannot be written). The move is undone, and
 * the write goes on without it: the log keeps those runs for now, so an archive that cannot be written never costs
 * a run its entry.
 */
final class ArchiveFailure extends IOException {

    private static final long serialVersionUID = 1L;

    ArchiveFailure(IOException cause) {
        super(cause.getMessage(), cause);
    }
}
