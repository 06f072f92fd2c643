package dev.talon.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@link ToolSettings} over a copy of a JSON object. */
final class JsonToolSettings implements ToolSettings {

    private final ObjectNode settings;
    private final SecretResolver secrets;

    JsonToolSettings(JsonNode settings, SecretResolver secrets) {
        if (settings != null && !settings.isNull() && !settings.isObject()) {
            throw new IllegalArgumentException("tool settings must be an object");
        }
        this.settings = settings == null || settings.isNull()
                ? JsonNodeFactory.instance.objectNode() : ((ObjectNode) settings).deepCopy();
        this.secrets = secrets;
    }

    @Override
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        settings.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Override
    public Optional<JsonNode> json(String name) {
        return value(name).map(JsonNode::deepCopy);
    }

    @Override
    public Optional<String> string(String name) {
        return value(name).map(node -> {
            if (!node.isTextual()) {
                throw wrongShape(name, "a string");
            }
            return node.asText();
        });
    }

    @Override
    public Optional<Integer> integer(String name) {
        return value(name).map(node -> {
            if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                throw wrongShape(name, "a whole number");
            }
            return node.intValue();
        });
    }

    @Override
    public Optional<Boolean> bool(String name) {
        return value(name).map(node -> {
            if (!node.isBoolean()) {
                throw wrongShape(name, "true or false");
            }
            return node.booleanValue();
        });
    }

    @Override
    public List<String> strings(String name) {
        Optional<JsonNode> list = value(name);
        if (list.isEmpty()) {
            return List.of();
        }
        if (!list.get().isArray()) {
            throw wrongShape(name, "a list of strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : list.get()) {
            if (!item.isTextual()) {
                throw wrongShape(name, "a list of strings");
            }
            values.add(item.asText());
        }
        return List.copyOf(values);
    }

    @Override
    public Optional<SecretReference> secretReference(String name) {
        return value(name).map(node -> {
            try {
                return SecretReference.parse(node);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("setting '" + name + "' " + e.getMessage());
            }
        });
    }

    @Override
    public Optional<String> secret(String name) {
        return secretReference(name).map(secrets::resolve);
    }

    private Optional<JsonNode> value(String name) {
        JsonNode node = settings.get(name);
        return node == null || node.isNull() ? Optional.empty() : Optional.of(node);
    }

    private static IllegalArgumentException wrongShape(String name, String expected) {
        return new IllegalArgumentException("setting '" + name + "' must be " + expected);
    }

    /** The names only: values may be references worth keeping out of logs. */
    @Override
    public String toString() {
        return "ToolSettings" + names();
    }
}
