package dev.talon.platform.plugin;

import dev.talon.api.ExecBackend;
import dev.talon.api.LlmProvider;
import dev.talon.api.ToolProvider;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The installed plugins at one moment, by id. Never changed: a change builds the next snapshot and publishes
 * it in one write, so a lookup sees the plugin set before the change or after it, never a mix.
 */
record PluginSnapshot(SortedMap<String, InstalledPlugin> plugins) {

    static final PluginSnapshot EMPTY = new PluginSnapshot(new TreeMap<>());

    PluginSnapshot {
        plugins = Collections.unmodifiableSortedMap(new TreeMap<>(plugins));
    }

    Optional<InstalledPlugin> find(String id) {
        return Optional.ofNullable(plugins.get(id));
    }

    /** The loaded version of a started plugin. */
    Optional<PluginGeneration> started(String id) {
        InstalledPlugin plugin = plugins.get(id);
        return plugin == null ? Optional.empty() : Optional.ofNullable(plugin.generation());
    }

    PluginSnapshot with(InstalledPlugin plugin) {
        SortedMap<String, InstalledPlugin> next = new TreeMap<>(plugins);
        next.put(plugin.id(), plugin);
        return new PluginSnapshot(next);
    }

    PluginSnapshot without(String id) {
        SortedMap<String, InstalledPlugin> next = new TreeMap<>(plugins);
        next.remove(id);
        return new PluginSnapshot(next);
    }

    List<String> startedIds() {
        return plugins.values().stream().filter(InstalledPlugin::isStarted).map(InstalledPlugin::id).toList();
    }

    /** The tool providers of the given plugins that are started, in the order the ids are given. */
    List<ToolProvider> toolProviders(Collection<String> pluginIds) {
        return pluginIds.stream().flatMap(id -> started(id).stream())
                .flatMap(generation -> generation.toolProviders().stream()).toList();
    }

    Optional<LlmProvider> llmProvider(String pluginId) {
        return started(pluginId).flatMap(generation -> generation.llmProviders().stream().findFirst());
    }

    /** The exec backend with this id among the given plugins that are started. */
    Optional<ExecBackend> execBackend(String backendId, Collection<String> pluginIds) {
        return pluginIds.stream().flatMap(id -> started(id).stream())
                .flatMap(generation -> generation.execBackends().stream())
                .filter(backend -> backend.id().equals(backendId))
                .findFirst();
    }

    List<ExecBackend> execBackends(String pluginId) {
        return started(pluginId).map(PluginGeneration::execBackends).orElse(List.of());
    }
}
