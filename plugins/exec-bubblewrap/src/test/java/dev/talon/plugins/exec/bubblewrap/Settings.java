package dev.talon.plugins.exec.bubblewrap;

import dev.talon.api.PluginContext;
import java.util.Map;
import java.util.Optional;

/** The plugin's settings as the platform would hand them over, from a map. */
record Settings(Map<String, String> values) implements PluginContext {

    static Settings none() {
        return new Settings(Map.of());
    }

    @Override
    public String pluginId() {
        return "exec-bubblewrap";
    }

    @Override
    public Optional<String> config(String key) {
        return Optional.ofNullable(values.get(key));
    }

    @Override
    public System.Logger logger() {
        return System.getLogger("dev.talon.plugins.exec-bubblewrap");
    }
}
