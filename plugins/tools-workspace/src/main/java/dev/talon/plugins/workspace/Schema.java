package dev.talon.plugins.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds the JSON Schema of a tool's arguments: an object of string properties. */
final class Schema {

    private final ObjectNode properties = JsonNodeFactory.instance.objectNode();
    private final ArrayNode required = JsonNodeFactory.instance.arrayNode();

    static Schema object() {
        return new Schema();
    }

    Schema required(String name, String description) {
        required.add(name);
        return optional(name, description);
    }

    Schema optional(String name, String description) {
        properties.putObject(name).put("type", "string").put("description", description);
        return this;
    }

    JsonNode build() {
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        schema.put("type", "object");
        schema.set("properties", properties.deepCopy());
        schema.set("required", required.deepCopy());
        return schema;
    }
}
