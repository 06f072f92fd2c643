package dev.talon.api;

import java.util.Objects;

/**
 * What one model call returned.
 *
 * @param message      the assistant's message: a final answer or tool calls
 * @param usage        tokens spent, {@link Usage#NONE} when the provider does not say
 * @param finishReason the provider's reason for stopping ({@code stop}, {@code tool_calls}, {@code length}...)
 */
public record ChatResponse(AssistantMessage message, Usage usage, String finishReason) {
    public ChatResponse {
        Objects.requireNonNull(message, "message");
        usage = usage == null ? Usage.NONE : usage;
        finishReason = finishReason == null ? "" : finishReason;
    }
}
