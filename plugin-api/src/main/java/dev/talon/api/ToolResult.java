package dev.talon.api;

/**
 * What a tool returns to the model.
 *
 * @param content the text the model reads
 * @param error   true when the call failed
 */
public record ToolResult(String content, boolean error) {

    public ToolResult {
        content = content == null ? "" : content;
    }

    public static ToolResult ok(String content) {
        return new ToolResult(content, false);
    }

    /** A failure the model can read and react to, e.g. {@code Error: File not found: notes.md}. */
    public static ToolResult error(String message) {
        return new ToolResult(message, true);
    }
}
