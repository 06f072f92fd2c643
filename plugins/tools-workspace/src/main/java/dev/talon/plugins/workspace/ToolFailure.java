package dev.talon.plugins.workspace;

import dev.talon.api.ToolResult;

/**
 * A failure the model should read, thrown from deep inside a tool and turned into a {@link ToolResult} at its
 * edge, so that argument checks and path checks need not thread results through every method.
 */
final class ToolFailure extends RuntimeException {

    ToolFailure(String message) {
        super(message, null, false, false);
    }

    ToolResult toResult() {
        return ToolResult.error("Error: " + getMessage());
    }
}
