package dev.talon.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Objects;

/**
 * A model's request to run one tool.
 *
 * @param id        the model's id for the call, echoed in the {@link ToolResultMessage}
 * @param name      the tool to run
 * @param arguments the arguments as a JSON object
 */
public record ToolCall(String id, String name, JsonNode arguments) {
    public ToolCall {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        arguments = arguments == null ? JsonNodeFactory.instance.objectNode() : arguments;
    }
}
