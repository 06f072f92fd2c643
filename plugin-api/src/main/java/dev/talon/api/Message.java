package dev.talon.api;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One message of a conversation. The {@code role} property names the kind in JSON, as in the
 * chat-completions wire format: {@code system}, {@code user}, {@code assistant}, {@code tool}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "role")
@JsonSubTypes({
        @JsonSubTypes.Type(value = SystemMessage.class, name = "system"),
        @JsonSubTypes.Type(value = UserMessage.class, name = "user"),
        @JsonSubTypes.Type(value = AssistantMessage.class, name = "assistant"),
        @JsonSubTypes.Type(value = ToolResultMessage.class, name = "tool")
})
public sealed interface Message permits SystemMessage, UserMessage, AssistantMessage, ToolResultMessage {

    /** The text of the message; may be empty for an assistant message that only calls tools. */
    String content();
}
