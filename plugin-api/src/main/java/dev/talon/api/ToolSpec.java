package dev.talon.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * How a tool presents itself to the model.
 *
 * @param name             unique among the tools a tenant may use, e.g. {@code read_file}
 * @param description      one or two sentences the model reads to decide when to call it
 * @param parametersSchema a JSON Schema object describing the arguments
 */
public record ToolSpec(String name, String description, JsonNode parametersSchema) {
    public ToolSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(parametersSchema, "parametersSchema");
    }
}
