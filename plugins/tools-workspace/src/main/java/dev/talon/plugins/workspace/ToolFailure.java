package dev.talon.plugins.workspace;

import dev.talon.api.ToolResult;
import dev.talon.api.WorkspaceFileException;

/**
 * A failure the model should read, thrown from deep inside a tool and turned into a {@link ToolResult} at its
 * edge, so that argument checks and path checks need not thread results through every method.
 */
final class ToolFailure extends RuntimeException {

    ToolFailure(String message) {
        super(message, null, false, false);
    }

    /**
     * The workspace's refusal in the tool's words: {@code what} is "File" or "Directory" (the thing the tool
     * needs at {@code path}), {@code action} the verb for other failures ("read", "write", "edit", "list").
     */
    static ToolFailure of(WorkspaceFileException e, String what, String action, String path) {
        return new ToolFailure(switch (e.problem()) {
            case NOT_FOUND -> what + " not found: " + path;
            case NOT_A_FILE -> "Not a file: " + path + " (" + e.getMessage() + ")";
            case NOT_A_DIRECTORY -> what.equals("Directory")
                    ? "Not a directory: " + path
                    : "Cannot " + action + " " + path + ": a name on the way is not a directory";
            case TOO_LARGE, REFUSED -> e.getMessage();
            case FAILED -> "Cannot " + action + " " + path + ": " + e.getMessage();
        });
    }

    ToolResult toResult() {
        return ToolResult.error("Error: " + getMessage());
    }
}
