package dev.talon.plugins.web;

import dev.talon.api.ToolResult;

/**
 * A failure the model should read (a refused address, a bad argument, a search service that said no), thrown from
 * inside a tool and turned into an error result at its edge.
 */
final class WebToolFailure extends RuntimeException {

    WebToolFailure(String message) {
        super(message, null, false, false);
    }

    ToolResult toResult() {
        return ToolResult.error("Error: " + getMessage());
    }
}
