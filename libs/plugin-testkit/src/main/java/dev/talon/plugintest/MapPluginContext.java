package dev.talon.plugintest;

import dev.talon.api.PluginContext;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A plugin's settings as the platform would hand them over, from a map. */
public record MapPluginContext(String pluginId, Map<String, String> settings) implements PluginContext {

    public MapPluginContext {
        Objects.requireNonNull(pluginId, "pluginId");
        settings = Map.copyOf(settings);
    }

    /** No settings at all: every {@link #config} answer is empty, so the plugin uses its defaults. */
    public static MapPluginContext none(String pluginId) {
        return new MapPluginContext(pluginId, Map.of());
    }

    @Override
    public Optional<String> config(String key) {
        return Optional.ofNullable(settings.get(key));
    }

    @Override
    public System.Logger logger() {
        return System.getLogger("dev.talon.plugins." + pluginId);
    }
}
