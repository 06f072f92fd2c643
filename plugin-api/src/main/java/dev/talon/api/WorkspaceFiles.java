package dev.talon.api;

import java.util.List;

/**
 * The tenant's workspace as a file tree the model may have booby-trapped: its programs can plant symbolic
 * links, FIFOs and huge files, and swap names while a tool runs. Every method resolves the path one
 * component at a time relative to directories it already holds open, never follows a link, never opens
 * anything but a regular file or a directory, and never reads more than the caller allows. Paths are
 * relative to the workspace ({@code a/b.txt}); absolute paths and {@code ..} that climbs out are refused.
 *
 * <p>Errors are {@link WorkspaceFileException}s whose message the LLM can read; they never name host paths.
 */
public interface WorkspaceFiles {

    /** The bytes of a regular file, refused with {@link WorkspaceFileException.Problem#TOO_LARGE} above {@code maxBytes}. */
    byte[] read(String path, long maxBytes) throws WorkspaceFileException;

    /**
     * Replaces (or creates) a regular file all at once, creating missing directories: readers see the old
     * content or the new, never half; a link at the path is replaced, not followed.
     */
    void write(String path, byte[] content) throws WorkspaceFileException;

    /**
     * The entries of a directory sorted by name, at most {@code maxEntries} of them (the first by name);
     * {@link DirectoryListing#total()} counts them all.
     */
    DirectoryListing list(String path, int maxEntries) throws WorkspaceFileException;

    /** What is at the path, without following a link there; {@link WorkspaceEntry.Kind#MISSING} when nothing. */
    WorkspaceEntry.Kind kind(String path) throws WorkspaceFileException;

    /** A directory's entries, the first {@code maxEntries} by name, and how many there were in all. */
    record DirectoryListing(List<WorkspaceEntry> entries, long total) {
        public DirectoryListing {
            entries = List.copyOf(entries);
        }

        public boolean truncated() {
            return total > entries.size();
        }
    }
}
