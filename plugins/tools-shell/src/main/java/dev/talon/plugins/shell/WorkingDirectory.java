package dev.talon.plugins.shell;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Checks the {@code working_dir} argument, lexically and nothing more. Everything under the workspace root is the
 * tenant's to change, so anything learnt by looking there (does it exist, is it a link, where does it lead) can be
 * untrue by the time the command starts: another session's command may swap a directory for a symbolic link in
 * between. The exec backend starts the command at this path relative to the workspace, inside its sandbox, where
 * a link leads nowhere but what the sandbox shows.
 */
final class WorkingDirectory {

    private WorkingDirectory() {
    }

    /**
     * {@code userPath} as a normalized path relative to the workspace; empty for the workspace itself.
     *
     * @throws IllegalArgumentException with a message for the model when it is absolute, not a path, or has a
     *                                  {@code ..} component
     */
    static Path relative(String userPath) {
        Path path;
        try {
            path = Path.of(userPath);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("Invalid working_dir: " + userPath);
        }
        if (path.isAbsolute() || userPath.startsWith("/")) {
            throw new IllegalArgumentException("working_dir must be relative to the workspace: " + userPath);
        }
        for (Path part : path) {
            if (part.toString().equals("..")) {
                throw new IllegalArgumentException("working_dir must not contain '..': " + userPath);
            }
        }
        return path.normalize();
    }
}
