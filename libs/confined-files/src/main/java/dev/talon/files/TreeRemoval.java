package dev.talon.files;

import dev.talon.api.WorkspaceFileException;
import dev.talon.api.WorkspaceFileException.Problem;
import java.util.List;

/**
 * Deletes what is under a directory held open, one {@code unlinkat} at a time: a name that cannot be opened as
 * a directory without following a link is unlinked as what it is, so a swapped-in link never leads out.
 */
final class TreeRemoval {

    private static final int MAX_DELETE_DEPTH = 512;
    private static final int MAX_DELETE_PASSES = 5;

    static void removeChildren(Fd directory, int depth) throws NativeError, WorkspaceFileException {
        if (depth > MAX_DELETE_DEPTH) {
            throw new WorkspaceFileException(Problem.FAILED, "Cannot delete the tree: it is nested deeper than "
                    + MAX_DELETE_DEPTH + " directories; remove the deepest part by hand");
        }
        // a program still running may add names while we remove them: a few passes, then give up loudly
        for (int pass = 0; pass < MAX_DELETE_PASSES; pass++) {
            List<String> names = Directories.names(directory);
            if (names.isEmpty()) {
                return;
            }
            for (String name : names) {
                byte[] bytes = RelativePath.bytes(name);
                Fd child;
                try {
                    child = Directories.open(directory, bytes);
                } catch (NativeError notADirectory) {
                    Libc.C.unlinkat(directory.number(), bytes, 0);
                    continue;
                }
                try (child) {
                    removeChildren(child, depth + 1);
                }
                Libc.C.unlinkat(directory.number(), bytes, Sys.AT_REMOVEDIR);
            }
        }
        if (!Directories.names(directory).isEmpty()) {
            throw new WorkspaceFileException(Problem.FAILED, "Cannot delete the tree: names keep appearing in it");
        }
    }

    private TreeRemoval() {
    }
}
