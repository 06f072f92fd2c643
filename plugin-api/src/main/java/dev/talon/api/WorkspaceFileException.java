package dev.talon.api;

import java.io.IOException;

/** A workspace file operation that was refused or failed; the message is written for the LLM to read. */
public final class WorkspaceFileException extends IOException {

    /** Why, so that tools can answer in their own words where they want to. */
    public enum Problem {
        /** nothing at the path (or a directory on the way is missing) */
        NOT_FOUND,
        /** a regular file was needed and something else is there (directory, link, FIFO, device, socket) */
        NOT_A_FILE,
        /** a directory was needed and something else is there */
        NOT_A_DIRECTORY,
        /** over the caller's size cap */
        TOO_LARGE,
        /** the path itself is not allowed: empty, absolute, climbing out, or through a symbolic link */
        REFUSED,
        /** the operating system said no for another reason */
        FAILED
    }

    private final Problem problem;

    public WorkspaceFileException(Problem problem, String message) {
        super(message);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
