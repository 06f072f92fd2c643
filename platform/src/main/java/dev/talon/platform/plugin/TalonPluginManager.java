package dev.talon.platform.plugin;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BiFunction;
import org.pf4j.DefaultPluginManager;
import org.pf4j.ExtensionFactory;
import org.pf4j.PluginFactory;
import org.pf4j.PluginWrapper;
import org.pf4j.RuntimeMode;

/**
 * PF4J with Talon's factories: optional plugin classes, extensions built with a PluginContext. One instance
 * holds one version of one plugin (see {@link PluginGeneration}).
 */
final class TalonPluginManager extends DefaultPluginManager {

    private final BiFunction<String, String, Optional<String>> pluginSettings;

    TalonPluginManager(Path root, BiFunction<String, String, Optional<String>> pluginSettings) {
        super(root);
        this.pluginSettings = pluginSettings;
    }

    /** Loads and resolves one plugin; unlike {@link #loadPlugin(Path)} a failure says why instead of logging it. */
    PluginWrapper load(Path pluginPath) {
        PluginWrapper plugin = loadPluginFromPath(pluginPath);
        resolvePlugins();
        return plugin;
    }

    @Override
    public RuntimeMode getRuntimeMode() {
        // development mode would look for classes in target/classes instead of the plugin's own classes/
        return RuntimeMode.DEPLOYMENT;
    }

    @Override
    protected PluginFactory createPluginFactory() {
        return new OptionalPluginClassFactory();
    }

    @Override
    protected ExtensionFactory createExtensionFactory() {
        return new ContextExtensionFactory(this::contextFor);
    }

    private HostPluginContext contextFor(Class<?> extensionClass) {
        PluginWrapper plugin = whichPlugin(extensionClass);
        String pluginId = plugin == null ? "platform" : plugin.getPluginId();
        return new HostPluginContext(pluginId, key -> pluginSettings.apply(pluginId, key));
    }
}
