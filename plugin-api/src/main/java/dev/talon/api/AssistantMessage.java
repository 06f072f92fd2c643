package dev.talon.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What the model answered: text, tool calls, or both.
 *
 * @param content   the text; empty when the model only calls tools
 * @param toolCalls the tools the model wants run before it answers again; empty for a final answer
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record AssistantMessage(String content, List<ToolCall> toolCalls) implements Message {

    public AssistantMessage {
        content = content == null ? "" : content;
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    /** A final answer: text and no tool calls. */
    public static AssistantMessage text(String content) {
        return new AssistantMessage(content, List.of());
    }

    /** True when the model asked for tools, so the agent loop goes on. */
    @JsonIgnore
    public boolean hasToolCalls() {
        return !toolCalls.isEmpty();
    }
}
