package dev.talon.plugins.workspace;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Turns a path the model wrote into a real path inside the tenant workspace, or refuses it. The one place
 * where confinement is decided, so that every file tool refuses the same things: absolute paths, {@code ..}
 * that climbs out, and symbolic links (existing or dangling, on the path or at its end) that lead out.
 *
 * <p>The returned path is the real path of the target (with the not-yet-existing tail appended), so the
 * tools do their I/O on exactly the path that was checked and never follow a link afterwards. A link swapped
 * in between the check and the I/O by another process is not defended against; nothing else writes into a
 * tenant workspace while a tool runs.
 */
final class WorkspacePaths {

    // Same bound as Linux's MAXSYMLINKS: more hops than this is a loop, not a layout.
    private static final int MAX_LINK_HOPS = 40;

    private final Path root;

    WorkspacePaths(Path workspace) {
        try {
            this.root = workspace.toRealPath();
        } catch (IOException e) {
            throw new ToolFailure("Workspace is not available: " + e.getMessage());
        }
    }

    /**
     * The real path {@code userPath} leads to.
     *
     * @throws ToolFailure when the path is empty, absolute, malformed, or leads outside the workspace
     */
    Path resolve(String userPath) {
        if (userPath.isBlank()) {
            throw new ToolFailure("Path must not be empty");
        }
        Path relative;
        try {
            relative = Path.of(userPath);
        } catch (InvalidPathException e) {
            throw new ToolFailure("Invalid path: " + userPath);
        }
        if (relative.isAbsolute()) {
            throw new ToolFailure("Path must be relative to the workspace: " + userPath);
        }
        Path lexical = root.resolve(relative).normalize();
        if (!lexical.startsWith(root)) {
            throw new ToolFailure("Path is outside the workspace: " + userPath);
        }
        Path real = realPath(lexical, userPath, 0);
        if (!real.startsWith(root)) {
            throw new ToolFailure("Path is outside the workspace (a symbolic link leads out of it): " + userPath);
        }
        return real;
    }

    // The real path of the nearest existing ancestor, plus the names below it that do not exist yet. A dangling
    // link is followed by hand, because writing to it would create its target wherever that is.
    private static Path realPath(Path absolute, String userPath, int hops) {
        if (hops > MAX_LINK_HOPS) {
            throw new ToolFailure("Too many levels of symbolic links: " + userPath);
        }
        Deque<Path> missing = new ArrayDeque<>();
        Path existing = absolute;
        while (existing.getParent() != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            missing.push(existing.getFileName());
            existing = existing.getParent();
        }
        Path real;
        try {
            real = existing.toRealPath();
        } catch (NoSuchFileException dangling) {
            real = followDanglingLink(existing, userPath, hops);
        } catch (FileSystemException e) {
            throw new ToolFailure("Cannot resolve path " + userPath + ": " + e.getReason());
        } catch (IOException e) {
            throw new ToolFailure("Cannot resolve path " + userPath + ": " + e.getMessage());
        }
        while (!missing.isEmpty()) {
            real = real.resolve(missing.pop());
        }
        return real;
    }

    // Only the last existing entry can be a dangling link: its ancestors exist, or it could not have been seen.
    private static Path followDanglingLink(Path link, String userPath, int hops) {
        try {
            Path target = Files.readSymbolicLink(link);
            Path linkDirectory = link.getParent().toRealPath();
            return realPath(linkDirectory.resolve(target).normalize(), userPath, hops + 1);
        } catch (IOException e) {
            throw new ToolFailure("Cannot resolve path " + userPath + ": " + e.getMessage());
        }
    }
}
