package dev.talon.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;

/**
 * Where a secret lives, as a config names it: {@code {"env": "NAME"}} or {@code {"file": "/path"}}. The secret itself
 * is never written in a config; the host reads it when a call needs it.
 *
 * @param env  an environment variable of the worker holding the secret, or null
 * @param file a file holding the secret (its first line), or null
 */
public record SecretReference(String env, String file) {

    public SecretReference {
        boolean hasEnv = env != null && !env.isBlank();
        boolean hasFile = file != null && !file.isBlank();
        if (hasEnv == hasFile) {
            throw new IllegalArgumentException("a secret reference names exactly one of env or file");
        }
        env = hasEnv ? env : null;
        file = hasFile ? file : null;
    }

    public static SecretReference env(String variable) {
        return new SecretReference(variable, null);
    }

    public static SecretReference file(String path) {
        return new SecretReference(null, path);
    }

    /**
     * Reads {@code {"env": "NAME"}} or {@code {"file": "/path"}}.
     *
     * @throws IllegalArgumentException for any other shape, a plain string above all (a secret written in the config);
     *                                  the message never repeats the value
     */
    public static SecretReference parse(JsonNode node) {
        String expected = "must be a reference {\"env\": \"VARIABLE\"} or {\"file\": \"/path\"}, never the secret itself";
        if (node == null || !node.isObject() || node.size() != 1) {
            throw new IllegalArgumentException(expected);
        }
        Iterator<String> names = node.fieldNames();
        String kind = names.next();
        JsonNode value = node.get(kind);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException(expected);
        }
        return switch (kind) {
            case "env" -> env(value.asText());
            case "file" -> file(value.asText());
            default -> throw new IllegalArgumentException(expected);
        };
    }

    /** Names the place, never the secret: for messages. */
    @Override
    public String toString() {
        return env != null ? "environment variable " + env : "file " + file;
    }
}
