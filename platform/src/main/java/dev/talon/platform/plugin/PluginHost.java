package dev.talon.platform.plugin;

import dev.talon.api.ExecBackend;
import dev.talon.api.LlmProvider;
import dev.talon.api.ToolProvider;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * The plugins in the plugins directory (PF4J zips and jars) and the extensions they offer, looked up by plugin
 * id so a tenant only ever reaches the plugins it may use. Plugins can be installed, replaced, reloaded,
 * disabled, enabled and deleted while the server runs.
 *
 * <p>How a change stays safe for calls in flight (docs/plugins.md, "Changing plugins while Talon runs"):
 * every version of a plugin is loaded by its own PF4J manager from a private copy of its file, and fully
 * started, extensions built, before anyone can see it. Lookups read an immutable {@link PluginSnapshot} that
 * a change replaces in one volatile write. The replaced version is unloaded (stopped, class loader closed)
 * only after a grace period and once no call runs in its code: every extension the host hands out counts
 * its calls.
 */
public final class PluginHost implements AutoCloseable {

    /** Long enough for any caller between looking an extension up and calling it; calls themselves are counted. */
    public static final Duration DEFAULT_UNLOAD_GRACE = Duration.ofSeconds(60);

    private static final System.Logger LOG = System.getLogger(PluginHost.class.getName());
    private static final Duration BUSY_RECHECK = Duration.ofSeconds(1);

    private final PluginsDirectory directory;
    private final BiFunction<String, String, Optional<String>> pluginSettings;
    private final Duration unloadGrace;
    private final PluginCopies copies;
    private final DisabledPlugins disabled;
    private final ScheduledExecutorService unloader;
    private final Set<PluginGeneration> retired = ConcurrentHashMap.newKeySet();
    /** Changes happen one at a time; lookups never wait for them. */
    private final Object changes = new Object();
    private volatile PluginSnapshot snapshot = PluginSnapshot.EMPTY;
    private boolean closed;

    /**
     * Loads and starts every plugin in {@code pluginsDir}, with the default unload grace.
     *
     * @param pluginSettings a plugin's setting by (plugin id, key), handed to extensions through their PluginContext
     */
    public PluginHost(Path pluginsDir, BiFunction<String, String, Optional<String>> pluginSettings) {
        this(pluginsDir, pluginSettings, DEFAULT_UNLOAD_GRACE);
    }

    /**
     * @param unloadGrace how long a replaced, disabled or deleted version stays loaded at least (and after that
     *                    until its last call returns)
     */
    public PluginHost(Path pluginsDir, BiFunction<String, String, Optional<String>> pluginSettings,
                      Duration unloadGrace) {
        this.directory = new PluginsDirectory(pluginsDir);
        this.pluginSettings = pluginSettings;
        this.unloadGrace = unloadGrace;
        this.copies = PluginCopies.create();
        this.disabled = DisabledPlugins.in(directory.path());
        this.unloader = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "talon-plugin-unloader");
            thread.setDaemon(true);
            return thread;
        });
        synchronized (changes) {
            snapshot = new PluginSnapshot(loadedAtStart());
        }
        for (InstalledPlugin plugin : snapshot.plugins().values()) {
            PluginInfo info = plugin.info();
            LOG.log(System.Logger.Level.INFO, "plugin {0} {1}: {2}{3}", info.id(), info.version(), info.state(),
                    info.problem() == null ? "" : " (" + info.problem() + ")");
        }
    }

    // ---- lookups: one read of the current snapshot each, never blocked by a change

    /** Ids of the plugins that are started, sorted. */
    public List<String> startedPluginIds() {
        return snapshot.startedIds();
    }

    public boolean isStarted(String pluginId) {
        return snapshot.started(pluginId).isPresent();
    }

    /** The tool providers of the given plugins, in the order the ids are given. */
    public List<ToolProvider> toolProviders(Collection<String> pluginIds) {
        return snapshot.toolProviders(pluginIds);
    }

    /** The LLM provider of a plugin, if it is started and offers one. */
    public Optional<LlmProvider> llmProvider(String pluginId) {
        return snapshot.llmProvider(pluginId);
    }

    /** The exec backend with this id among the given plugins. */
    public Optional<ExecBackend> execBackend(String backendId, Collection<String> pluginIds) {
        return snapshot.execBackend(backendId, pluginIds);
    }

    /** The exec backends one plugin offers. */
    public List<ExecBackend> execBackends(String pluginId) {
        return snapshot.execBackends(pluginId);
    }

    /** Every installed plugin, started or not, for the admin API. */
    public List<PluginInfo> describe() {
        return snapshot.plugins().values().stream().map(InstalledPlugin::info).toList();
    }

    public Optional<PluginInfo> describe(String pluginId) {
        return snapshot.find(pluginId).map(InstalledPlugin::info);
    }

    /** The current snapshot: a toolbox resolves all its parts from one, so they belong to one moment. */
    PluginSnapshot snapshot() {
        return snapshot;
    }

    // ---- changes

    /**
     * Installs a plugin file, or replaces the installed plugin with the same id: checks the file, loads and
     * starts the new version, and only then puts it in place of the old one. An installed plugin that was
     * disabled is enabled by this.
     *
     * @throws PluginRefusedException INVALID, TOO_LARGE or FAILED_TO_START; nothing is left behind and the
     *                                old version, if any, keeps running
     */
    public PluginInfo install(InputStream content, long maxBytes) {
        Path upload = directory.receive(content, maxBytes);
        try {
            PluginArchive archive = PluginArchive.inspect(upload);
            synchronized (changes) {
                requireOpen();
                Optional<InstalledPlugin> current = snapshot.find(archive.id());
                PluginGeneration next = PluginGeneration.load(archive, upload, copies, pluginSettings);
                Path file;
                try {
                    disabled.remove(archive.id());
                    file = directory.moveIntoPlace(upload, archive, current);
                } catch (RuntimeException e) {
                    next.unload();
                    throw e;
                }
                InstalledPlugin installed = InstalledPlugin.started(next, file);
                publish(installed, current);
                LOG.log(System.Logger.Level.INFO, "plugin {0} {1}: installed as {2}{3}", archive.id(),
                        archive.version(), file.getFileName(), current.map(old -> ", replacing "
                                + old.archive().version()).orElse(""));
                return installed.info();
            }
        } finally {
            PluginsDirectory.deleteQuietly(upload);
        }
    }

    /** Starts a disabled (or failed) plugin from its file. */
    public PluginInfo enable(String pluginId) {
        synchronized (changes) {
            requireOpen();
            InstalledPlugin current = installed(pluginId);
            if (current.isStarted()) {
                return current.info();
            }
            PluginArchive archive = PluginsDirectory.inspectInstalled(current);
            PluginGeneration next = loadOrRecordFailure(archive, current);
            disabled.remove(pluginId);
            InstalledPlugin enabled = InstalledPlugin.started(next, current.file());
            publish(enabled, Optional.of(current));
            return enabled.info();
        }
    }

    /** Stops offering the plugin's extensions; stays so across restarts. Turns already using it finish. */
    public PluginInfo disable(String pluginId) {
        synchronized (changes) {
            requireOpen();
            InstalledPlugin current = installed(pluginId);
            if (!current.enabled()) {
                return current.info();
            }
            disabled.add(pluginId);
            InstalledPlugin off = InstalledPlugin.disabled(current.archive(), current.file());
            publish(off, Optional.of(current));
            return off.info();
        }
    }

    /**
     * Loads the plugin's file again (it may have been replaced on disk) and swaps the new version in. A disabled
     * plugin's file is only checked and stays disabled.
     *
     * @throws PluginRefusedException when the file is no longer valid or the new version fails to start; the
     *                                running version stays
     */
    public PluginInfo reload(String pluginId) {
        synchronized (changes) {
            requireOpen();
            InstalledPlugin current = installed(pluginId);
            PluginArchive archive = PluginsDirectory.inspectInstalled(current);
            if (!current.enabled()) {
                InstalledPlugin refreshed = InstalledPlugin.disabled(archive, current.file());
                publish(refreshed, Optional.empty());
                return refreshed.info();
            }
            PluginGeneration next = loadOrRecordFailure(archive, current);
            InstalledPlugin reloaded = InstalledPlugin.started(next, current.file());
            publish(reloaded, Optional.of(current));
            LOG.log(System.Logger.Level.INFO, "plugin {0}: reloaded, {1} -> {2}", pluginId,
                    current.archive().version(), archive.version());
            return reloaded.info();
        }
    }

    /** Unloads the plugin and deletes its file (and the directory an older Talon or PF4J unpacked it into). */
    public void delete(String pluginId) {
        synchronized (changes) {
            requireOpen();
            InstalledPlugin current = installed(pluginId);
            PluginsDirectory.deleteInstalled(current.file());
            disabled.remove(pluginId);
            snapshot = snapshot.without(pluginId);
            if (current.generation() != null) {
                retire(current.generation());
            }
            LOG.log(System.Logger.Level.INFO, "plugin {0}: deleted", pluginId);
        }
    }

    /** Unloads every version at once, calls in flight or not: the process is shutting down. */
    @Override
    public void close() {
        synchronized (changes) {
            if (closed) {
                return;
            }
            closed = true;
            unloader.shutdownNow();
            List<PluginGeneration> all = new ArrayList<>(retired);
            snapshot.plugins().values().stream().map(InstalledPlugin::generation)
                    .filter(Objects::nonNull).forEach(all::add);
            for (PluginGeneration generation : all) {
                generation.calls().close();
                generation.unload();
            }
            retired.clear();
            snapshot = PluginSnapshot.EMPTY;
            copies.close();
        }
    }

    // ---- the parts

    private SortedMap<String, InstalledPlugin> loadedAtStart() {
        SortedMap<String, InstalledPlugin> plugins = new TreeMap<>();
        for (Path file : directory.pluginFiles()) {
            PluginArchive archive;
            try {
                archive = PluginArchive.inspect(file);
            } catch (PluginRefusedException e) {
                LOG.log(System.Logger.Level.WARNING, "{0} is not loaded: {1}", file.getFileName(), e.getMessage());
                continue;
            }
            if (plugins.containsKey(archive.id())) {
                LOG.log(System.Logger.Level.WARNING, "{0} is not loaded: {1} already holds plugin {2}",
                        file.getFileName(), plugins.get(archive.id()).file().getFileName(), archive.id());
                continue;
            }
            if (disabled.contains(archive.id())) {
                plugins.put(archive.id(), InstalledPlugin.disabled(archive, file));
                continue;
            }
            try {
                plugins.put(archive.id(), InstalledPlugin.started(
                        PluginGeneration.load(archive, file, copies, pluginSettings), file));
            } catch (PluginRefusedException e) {
                plugins.put(archive.id(), InstalledPlugin.failed(archive, file, e.getMessage()));
            }
        }
        return plugins;
    }

    /** Makes {@code next} current in one write, then lets the version it replaces go once it is idle. */
    private void publish(InstalledPlugin next, Optional<InstalledPlugin> previous) {
        snapshot = snapshot.with(next);
        previous.map(InstalledPlugin::generation).filter(old -> old != next.generation()).ifPresent(this::retire);
    }

    private void retire(PluginGeneration generation) {
        retired.add(generation);
        schedule(generation, unloadGrace);
    }

    private void schedule(PluginGeneration generation, Duration delay) {
        try {
            unloader.schedule(() -> unloadWhenIdle(generation), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing: close() unloads every retired version itself
        }
    }

    private void unloadWhenIdle(PluginGeneration generation) {
        if (generation.calls().closeIfIdle()) {
            retired.remove(generation);
            generation.unload();
        } else {
            LOG.log(System.Logger.Level.DEBUG, "plugin {0} {1}: {2} calls still running, unloading it later",
                    generation.archive().id(), generation.archive().version(), generation.calls().running());
            schedule(generation, BUSY_RECHECK);
        }
    }

    /** Loads a new version; if the plugin was enabled but not running, the listing keeps the new reason. */
    private PluginGeneration loadOrRecordFailure(PluginArchive archive, InstalledPlugin current) {
        try {
            return PluginGeneration.load(archive, current.file(), copies, pluginSettings);
        } catch (PluginRefusedException e) {
            if (current.enabled() && !current.isStarted()) {
                snapshot = snapshot.with(InstalledPlugin.failed(archive, current.file(), e.getMessage()));
            }
            throw e;
        }
    }

    private InstalledPlugin installed(String pluginId) {
        return snapshot.find(pluginId).orElseThrow(() -> new PluginRefusedException(
                PluginRefusedException.Kind.UNKNOWN, "no plugin '" + pluginId + "' is installed"));
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the plugin host is closed");
        }
    }
}
