package dev.talon.platform.plugin;

import dev.talon.api.ExecBackend;
import dev.talon.api.LlmProvider;
import dev.talon.api.ToolProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.pf4j.DefaultPluginManager;
import org.pf4j.ExtensionFactory;
import org.pf4j.PluginFactory;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

/**
 * The plugins found in the plugins directory (PF4J zips and jars), loaded and started once, and the
 * extensions they offer, looked up by plugin id so a tenant only ever reaches the plugins it may use.
 */
public final class PluginHost implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PluginHost.class.getName());

    private final PluginManager manager;

    /**
     * Loads and starts every plugin in {@code pluginsDir}.
     *
     * @param pluginSettings a plugin's setting by (plugin id, key), handed to extensions through their PluginContext
     */
    public PluginHost(Path pluginsDir, BiFunction<String, String, Optional<String>> pluginSettings) {
        try {
            Files.createDirectories(pluginsDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the plugins directory " + pluginsDir, e);
        }
        this.manager = new TalonPluginManager(pluginsDir, pluginSettings);
        manager.loadPlugins();
        manager.startPlugins();
        for (PluginWrapper plugin : manager.getPlugins()) {
            LOG.log(System.Logger.Level.INFO, "plugin {0} {1}: {2}", plugin.getPluginId(),
                    plugin.getDescriptor().getVersion(), plugin.getPluginState());
        }
    }

    /** Ids of the plugins that started. */
    public List<String> startedPluginIds() {
        return manager.getStartedPlugins().stream().map(PluginWrapper::getPluginId).sorted().toList();
    }

    public boolean isStarted(String pluginId) {
        PluginWrapper plugin = manager.getPlugin(pluginId);
        return plugin != null && plugin.getPluginState() == PluginState.STARTED;
    }

    /** The tool providers of the given plugins, in the order the ids are given. */
    public List<ToolProvider> toolProviders(Collection<String> pluginIds) {
        return pluginIds.stream()
                .filter(this::isStarted)
                .flatMap(id -> manager.getExtensions(ToolProvider.class, id).stream())
                .toList();
    }

    /** The LLM provider of a plugin, if it is started and offers one. */
    public Optional<LlmProvider> llmProvider(String pluginId) {
        if (!isStarted(pluginId)) {
            return Optional.empty();
        }
        return manager.getExtensions(LlmProvider.class, pluginId).stream().findFirst();
    }

    /** The exec backend with this id among the given plugins. */
    public Optional<ExecBackend> execBackend(String backendId, Collection<String> pluginIds) {
        return pluginIds.stream()
                .filter(this::isStarted)
                .flatMap(id -> manager.getExtensions(ExecBackend.class, id).stream())
                .filter(backend -> backend.id().equals(backendId))
                .findFirst();
    }

    /** The exec backends one plugin offers. */
    public List<ExecBackend> execBackends(String pluginId) {
        return isStarted(pluginId) ? manager.getExtensions(ExecBackend.class, pluginId) : List.of();
    }

    /** What is loaded, for the admin API. */
    public List<PluginInfo> describe() {
        return manager.getPlugins().stream()
                .map(plugin -> new PluginInfo(plugin.getPluginId(), plugin.getDescriptor().getVersion(),
                        plugin.getDescriptor().getPluginDescription(), plugin.getPluginState().toString(),
                        manager.getExtensionClassNames(plugin.getPluginId()).stream().sorted().toList()))
                .sorted(java.util.Comparator.comparing(PluginInfo::id))
                .toList();
    }

    @Override
    public void close() {
        // stopPlugins()/unloadPlugins() walk the list they shrink; unload (which stops) from a copy instead
        for (PluginWrapper plugin : List.copyOf(manager.getPlugins())) {
            manager.unloadPlugin(plugin.getPluginId());
        }
    }

    /** PF4J with Talon's factories: optional plugin classes, extensions built with a PluginContext. */
    private static final class TalonPluginManager extends DefaultPluginManager {

        private final BiFunction<String, String, Optional<String>> pluginSettings;

        TalonPluginManager(Path pluginsDir, BiFunction<String, String, Optional<String>> pluginSettings) {
            super(pluginsDir);
            this.pluginSettings = pluginSettings;
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
}
