package dev.talon.api;

import java.util.Objects;

/**
 * The outcome of one tool call, sent back to the model.
 *
 * @param toolCallId the {@link ToolCall#id()} this answers
 * @param name       the tool's name
 * @param content    what the tool printed, or the error text the model should read
 * @param error      true when the tool failed; the model still gets the content and may try something else
 */
public record ToolResultMessage(String toolCallId, String name, String content, boolean error) implements Message {
    public ToolResultMessage {
        Objects.requireNonNull(toolCallId, "toolCallId");
        Objects.requireNonNull(name, "name");
        content = content == null ? "" : content;
    }
}
