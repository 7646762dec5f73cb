package dev.costagent.agent.report.history;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Moves a file that cannot be read as ours out of the way, byte for byte, under a name that says so. */
final class SetAside {

    /** In a holder: only a damaged file needs it, and its java.time classes would load at every exit. */
    private static final class Stamp {
        static final DateTimeFormatter FORMAT =
                DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
    }

    private SetAside() {
    }

    /** Renames {@code file} to {@code <name>.corrupt-<UTC time>} beside it and returns the new path. */
    static Path move(Path file) throws IOException {
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + Stamp.FORMAT.format(Instant.now()));
        for (int n = 2; Files.exists(aside); n++) {
            aside = file.resolveSibling(file.getFileName() + ".corrupt-" + Stamp.FORMAT.format(Instant.now()) + "-" + n);
        }
        Files.move(file, aside);
        return aside;
    }
}
