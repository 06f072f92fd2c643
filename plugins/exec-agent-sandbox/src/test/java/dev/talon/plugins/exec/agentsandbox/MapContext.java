package dev.talon.plugins.exec.agentsandbox;

import dev.talon.api.PluginContext;
import java.util.Map;
import java.util.Optional;

/** Settings from a map, as the platform would hand them over. */
record MapContext(Map<String, String> settings) implements PluginContext {

    @Override
    public String pluginId() {
        return "exec-agent-sandbox";
    }

    @Override
    public Optional<String> config(String key) {
        return Optional.ofNullable(settings.get(key));
    }

    @Override
    public System.Logger logger() {
        return System.getLogger("exec-agent-sandbox-test");
    }
}
