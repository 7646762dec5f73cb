package dev.costagent.agent.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * The permissions and group a file should get, for a folder several users share: a file that replaces another keeps
 * the mode and (where the writer may set it) the group of the one it replaces, and the log's companions (its lock,
 * index, archives, spool) are made like the log. A file with no such model is left as the umask made it.
 *
 * <p>Everything here is best effort: a file system without POSIX attributes, or a group the writer is not a member
 * of, leaves the file as it was made, never fails the write.
 */
public final class FileModes {

    /** A file's permissions and group, to give another file. */
    public record Mode(Set<PosixFilePermission> permissions, GroupPrincipal group) {
    }

    private FileModes() {
    }

    /** Compared by hand: a record's own equals bootstraps method handles, tens of milliseconds at an exit. */
    public static boolean same(Mode a, Mode b) {
        return a == b || a != null && b != null && a.permissions().equals(b.permissions()) && a.group().equals(b.group());
    }

    /** The mode of the first of these files that exists, or null when none does (or there are no POSIX modes). */
    public static Mode of(Path... candidates) {
        for (Path p : candidates) {
            if (p == null) {
                continue;
            }
            try {
                PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class);
                return new Mode(a.permissions(), a.group());
            } catch (IOException | UnsupportedOperationException e) {
                // Missing, or no POSIX attributes here: try the next.
            }
        }
        return null;
    }

    /**
     * Gives {@code target} this mode, the group first (changing the group may clear bits the mode then sets).
     * Permissions are set explicitly, as the umask would strip group bits from a file created with them.
     */
    public static void apply(Path target, Mode mode) {
        if (mode == null) {
            return;
        }
        PosixFileAttributeView view = Files.getFileAttributeView(target, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            return;
        }
        try {
            PosixFileAttributes now = view.readAttributes();
            if (!now.group().equals(mode.group())) {
                try {
                    view.setGroup(mode.group());
                } catch (IOException notAMember) {
                    // Only the file's owner who is in the group (or root) may give it: the writer's group stays.
                }
            }
            if (!now.permissions().equals(mode.permissions()) && !hasSpecialBits(target)) {
                view.setPermissions(mode.permissions());
            }
        } catch (IOException | SecurityException e) {
            // Not ours to change (another user's file): it keeps the mode it has.
        }
    }

    /**
     * Whether the file has a setgid, setuid or sticky bit, which Java cannot set: changing its permissions would
     * clear them (a folder made in a setgid folder inherits the bit, and with it the group, as a team's folder wants).
     */
    private static boolean hasSpecialBits(Path p) {
        try {
            return ((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07000) != 0;
        } catch (IOException | RuntimeException noUnixView) {
            return false;
        }
    }

    /** A folder made inside {@code parent} gets the parent's mode, so that those who may write there may in it. */
    public static void createDirectoryLike(Path dir, Path parent) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        AtomicFiles.ensureDirectory(dir);
        apply(dir, of(parent));
    }
}
