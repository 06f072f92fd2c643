package dev.talon.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A tenant's settings for one tool plugin ({@code toolSettings: {<pluginId>: {...}}} in the tenant config), so one
 * plugin serves many tenants differently. Secrets are only ever references ({@link SecretReference}), read by
 * {@link #secret(String)} when a call needs them.
 *
 * <p>Getters throw {@link IllegalArgumentException} when a setting has the wrong shape; a plugin checks its settings
 * up front in {@link ToolProvider#validateSettings(ToolSettings)} so that the admin API refuses them.
 */
public interface ToolSettings {

    /** The settings of a tenant that has none for the plugin. */
    ToolSettings EMPTY = of(null, SecretResolver.NONE);

    /** Settings read from a JSON object (null for none); {@code secrets} reads the references. */
    static ToolSettings of(JsonNode settings, SecretResolver secrets) {
        return new JsonToolSettings(settings, secrets);
    }

    /** The names of the settings given. */
    Set<String> names();

    Optional<String> string(String name);

    Optional<Integer> integer(String name);

    Optional<Boolean> bool(String name);

    /** A list of strings; empty when not given. */
    List<String> strings(String name);

    /** The reference a secret setting holds, without reading it: for validation. */
    Optional<SecretReference> secretReference(String name);

    /**
     * The secret a setting refers to, read now. Never log it, never put it in a tool result or an error.
     *
     * @throws IllegalStateException when the variable or file is missing; the message names it, never its content
     */
    Optional<String> secret(String name);

    /**
     * A setting of any shape (an object of named entries, a list of objects), as a copy: for settings the typed
     * getters cannot express. Secret references inside it are not resolved.
     */
    default Optional<JsonNode> json(String name) {
        return Optional.empty();
    }
}
