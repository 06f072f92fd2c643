package dev.talon.platform.plugin;

import dev.talon.api.PluginContext;
import java.util.Optional;
import java.util.function.Function;

/** The platform's side of {@link PluginContext}. */
record HostPluginContext(String pluginId, Function<String, Optional<String>> settings) implements PluginContext {

    @Override
    public Optional<String> config(String key) {
        return settings.apply(key);
    }

    @Override
    public System.Logger logger() {
        return System.getLogger("dev.talon.plugins." + pluginId);
    }
}
