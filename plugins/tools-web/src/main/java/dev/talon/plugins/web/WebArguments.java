package dev.talon.plugins.web;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads the model's arguments; the model makes mistakes, so every problem names the argument. */
final class WebArguments {

    private WebArguments() {
    }

    static String requiredString(JsonNode arguments, String name) {
        JsonNode value = field(arguments, name);
        if (value == null || value.isNull()) {
            throw new WebToolFailure("missing required argument: " + name);
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new WebToolFailure("argument '" + name + "' must be a non-empty string");
        }
        return value.asText();
    }

    static String optionalChoice(JsonNode arguments, String name, String fallback, String... choices) {
        JsonNode value = field(arguments, name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        for (String choice : choices) {
            if (value.isTextual() && value.asText().equals(choice)) {
                return choice;
            }
        }
        throw new WebToolFailure("argument '" + name + "' must be one of " + String.join(", ", choices));
    }

    static int optionalInt(JsonNode arguments, String name, int fallback, int min, int max) {
        JsonNode value = field(arguments, name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.canConvertToExactIntegral() || !value.canConvertToInt() || value.intValue() < min
                || value.intValue() > max) {
            throw new WebToolFailure("argument '" + name + "' must be a whole number from " + min + " to " + max);
        }
        return value.intValue();
    }

    private static JsonNode field(JsonNode arguments, String name) {
        if (arguments == null || arguments.isNull() || arguments.isMissingNode()) {
            return null;
        }
        if (!arguments.isObject()) {
            throw new WebToolFailure("arguments must be a JSON object");
        }
        return arguments.get(name);
    }
}
