package dev.talon.plugins.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Resolves the {@code working_dir} argument inside the workspace. A smaller cousin of the file tools' path
 * confinement (plugins share no code): a working directory must already exist, so its real path settles it.
 */
final class WorkingDirectory {

    private WorkingDirectory() {
    }

    /**
     * The real directory {@code userPath} names inside {@code workspace}.
     *
     * @throws IllegalArgumentException with a message for the model when it is absolute, outside, missing,
     *                                  or not a directory
     */
    static Path resolve(Path workspace, String userPath) {
        Path root;
        try {
            root = workspace.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("Workspace is not available: " + e.getMessage());
        }
        Path relative;
        try {
            relative = Path.of(userPath);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("Invalid working_dir: " + userPath);
        }
        if (relative.isAbsolute()) {
            throw new IllegalArgumentException("working_dir must be relative to the workspace: " + userPath);
        }
        Path lexical = root.resolve(relative).normalize();
        if (!lexical.startsWith(root)) {
            throw new IllegalArgumentException("working_dir is outside the workspace: " + userPath);
        }
        Path real = realPath(lexical, userPath);
        if (!real.startsWith(root)) {
            throw new IllegalArgumentException("working_dir is outside the workspace (a symbolic link leads out of it): " + userPath);
        }
        if (!Files.isDirectory(real)) {
            throw new IllegalArgumentException("working_dir is not a directory: " + userPath);
        }
        return real;
    }

    private static Path realPath(Path path, String userPath) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("working_dir not found: " + userPath);
        }
    }
}
