package dev.talon.plugins.openai;

import com.fasterxml.jackson.databind.JsonNode;

/** One streamed tool call as its pieces arrive: id and name usually whole in the first, arguments in fragments. */
final class PartialToolCall {

    private final StringBuilder id = new StringBuilder();
    private final StringBuilder name = new StringBuilder();
    private final StringBuilder arguments = new StringBuilder();

    void add(JsonNode wireCall) {
        if (wireCall.path("id").isTextual()) {
            id.setLength(0);
            id.append(wireCall.path("id").asText());
        }
        JsonNode function = wireCall.path("function");
        if (function.path("name").isTextual()) {
            name.append(function.path("name").asText());
        }
        if (function.path("arguments").isTextual()) {
            arguments.append(function.path("arguments").asText());
        }
    }

    String id() {
        return id.toString();
    }

    String name() {
        return name.toString();
    }

    String arguments() {
        return arguments.toString();
    }
}
