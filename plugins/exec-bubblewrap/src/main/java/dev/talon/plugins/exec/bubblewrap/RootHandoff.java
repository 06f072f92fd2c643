package dev.talon.plugins.exec.bubblewrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a platform running as root starts bwrap as an unprivileged user, so that nothing in the sandbox is root:
 * its files on the host belong to the tenant's uid (a setuid bit on them makes nobody root), and its process
 * limits hold (the kernel exempts root from {@code RLIMIT_NPROC}).
 *
 * <p>The data directories above a workspace are root's alone (0700), so the unprivileged bwrap cannot reach the
 * workspace by its path, and bwrap resolves even {@code --bind-fd} to a path. So, as root, in a mount namespace of
 * its own ({@code unshare --mount}, private: nothing propagates to the host), the workspace root is bound onto
 * {@link #DIRECTORY}, a directory anyone may pass through; then {@code setpriv} becomes the tenant's uid and gid,
 * with no groups and no capabilities left anywhere, and runs bwrap, which binds that directory at
 * {@link SandboxCommand#WORKSPACE}. Every step execs the next, so the process the backend started ends up being
 * bwrap itself, which it kills as before.
 */
final class RootHandoff {

    /** Where the workspace is bound in the private mount namespace, for the unprivileged bwrap to find it. */
    static final Path DIRECTORY = Path.of("/run/talon-bubblewrap/workspace");

    /** $1 mount(8), $2 the workspace root, $3 {@link #DIRECTORY}, then the command to run as the sandbox's user. */
    static final String SCRIPT = "\"$1\" --bind -- \"$2\" \"$3\" || exit 126; shift 3; exec \"$@\"";

    /** {@code $0} of the script, shown by {@code sh} in its error messages. */
    static final String SCRIPT_NAME = "talon-sandbox";

    private RootHandoff() {
    }

    /**
     * The command that mounts {@code workspace} onto {@link #DIRECTORY} and runs {@code bwrap} (whose workspace
     * source must be {@link #DIRECTORY}) as {@code uid}.
     */
    static List<String> of(Programs programs, Path workspace, int uid, List<String> bwrap) {
        List<String> args = new ArrayList<>(List.of(
                programs.unshare().toString(), "--mount", "--propagation", "private", "--",
                "/bin/sh", "-c", SCRIPT, SCRIPT_NAME, programs.mount().toString(), workspace.toString(),
                DIRECTORY.toString(),
                // no groups, no capabilities in any set, and no way to gain any by exec (no_new_privs)
                programs.setpriv().toString(), "--reuid=" + uid, "--regid=" + uid, "--clear-groups",
                "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs"));
        args.addAll(bwrap);
        return args;
    }

    /** Makes {@link #DIRECTORY} (root's, 0755, empty: only a mount point) when it is missing. */
    static void prepareDirectory() {
        try {
            Files.createDirectories(DIRECTORY);
            if (!Files.isDirectory(DIRECTORY, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(DIRECTORY + " is not a directory");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the sandbox's mount point " + DIRECTORY + ": "
                    + e.getMessage(), e);
        }
    }

    /** unshare, mount and setpriv from the system's directories; empty when one is missing. */
    static Optional<Programs> programs() {
        Optional<Path> unshare = Executables.system("unshare");
        Optional<Path> mount = Executables.system("mount");
        Optional<Path> setpriv = Executables.system("setpriv");
        if (unshare.isEmpty() || mount.isEmpty() || setpriv.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Programs(unshare.get(), mount.get(), setpriv.get()));
    }

    /** The util-linux programs the handoff runs, from directories only root can write. */
    record Programs(Path unshare, Path mount, Path setpriv) {
    }
}
