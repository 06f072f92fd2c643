package dev.talon.plugins.exec.bubblewrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The tenant's workspace root on the host. It comes from the platform's layout and sits in a directory only the
 * platform writes, so it may be used by path; everything below it is the tenant's and is never touched here.
 */
final class WorkspaceRoot {

    private WorkspaceRoot() {
    }

    /** Fails unless {@code root} is a directory (not a link to one). */
    static void check(Path root) {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException("the workspace " + root + " is not a directory");
        }
    }

    /**
     * Makes the sandbox user own the root directory itself (never following a link, never below it), so that it
     * can write there; what the platform creates inside takes the same owner.
     */
    static void ownBy(Path root, int uid) {
        check(root);
        try {
            if (!Integer.valueOf(uid).equals(Files.getAttribute(root, "unix:uid", LinkOption.NOFOLLOW_LINKS))) {
                Files.setAttribute(root, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
            }
            if (!Integer.valueOf(uid).equals(Files.getAttribute(root, "unix:gid", LinkOption.NOFOLLOW_LINKS))) {
                Files.setAttribute(root, "unix:gid", uid, LinkOption.NOFOLLOW_LINKS);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot give the workspace " + root + " to the sandbox's user " + uid
                    + ": " + e.getMessage(), e);
        }
    }
}
