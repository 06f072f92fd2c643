package dev.talon.plugins.workspace;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads the model's arguments; the model makes mistakes, so every problem names the argument. */
final class Arguments {

    private Arguments() {
    }

    static String requiredString(JsonNode arguments, String name) {
        JsonNode value = field(arguments, name);
        if (value == null || value.isNull() || value.isMissingNode()) {
            throw new ToolFailure("Missing required argument: " + name);
        }
        return text(value, name);
    }

    static String optionalString(JsonNode arguments, String name, String fallback) {
        JsonNode value = field(arguments, name);
        if (value == null || value.isNull() || value.isMissingNode()) {
            return fallback;
        }
        return text(value, name);
    }

    private static JsonNode field(JsonNode arguments, String name) {
        if (arguments == null || arguments.isNull() || arguments.isMissingNode()) {
            return null;
        }
        if (!arguments.isObject()) {
            throw new ToolFailure("Arguments must be a JSON object");
        }
        return arguments.get(name);
    }

    private static String text(JsonNode value, String name) {
        if (!value.isTextual()) {
            throw new ToolFailure("Argument '" + name + "' must be a string, got " + value.getNodeType().name().toLowerCase());
        }
        return value.textValue();
    }
}
