package dev.talon.platform.plugin;

import dev.talon.api.ExecBackend;
import dev.talon.api.LlmProvider;
import dev.talon.api.ToolProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
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
    private static final String UPLOAD_PREFIX = ".upload-";
    private static final Duration BUSY_RECHECK = Duration.ofSeconds(1);

    private final Path pluginsDir;
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
        this.pluginsDir = pluginsDir;
        this.pluginSettings = pluginSettings;
        this.unloadGrace = unloadGrace;
        try {
            Files.createDirectories(pluginsDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the plugins directory " + pluginsDir, e);
        }
        removeAbandonedUploads();
        this.copies = PluginCopies.create();
        this.disabled = DisabledPlugins.in(pluginsDir);
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
        Path upload;
        try {
            upload = Files.createTempFile(pluginsDir, UPLOAD_PREFIX, ".part");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the plugins directory " + pluginsDir, e);
        }
        try {
            receive(content, upload, maxBytes);
            PluginArchive archive = PluginArchive.inspect(upload);
            synchronized (changes) {
                requireOpen();
                Optional<InstalledPlugin> current = snapshot.find(archive.id());
                PluginGeneration next = PluginGeneration.load(archive, upload, copies, pluginSettings);
                Path file;
                try {
                    disabled.remove(archive.id());
                    file = moveIntoPlace(upload, archive, current);
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
            deleteQuietly(upload);
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
            PluginArchive archive = inspectInstalled(current);
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
            PluginArchive archive = inspectInstalled(current);
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
            try {
                Files.deleteIfExists(current.file());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + current.file(), e);
            }
            PluginCopies.delete(legacyUnpackedDir(current.file()));
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
        for (Path file : pluginFiles()) {
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

    /** The zips and jars in the plugins directory, by name (the first of two files with one plugin id wins). */
    private List<Path> pluginFiles() {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(pluginsDir, "*.{zip,jar}")) {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry) && !entry.getFileName().toString().startsWith(".")) {
                    files.add(entry);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the plugins directory " + pluginsDir, e);
        }
        files.sort(null);
        return files;
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

    /** Reads an installed plugin's file again; it must still be there and still hold the same plugin. */
    private static PluginArchive inspectInstalled(InstalledPlugin plugin) {
        if (!Files.isRegularFile(plugin.file())) {
            throw new PluginRefusedException(PluginRefusedException.Kind.INVALID, "the file of plugin '"
                    + plugin.id() + "', " + plugin.file().getFileName() + ", is gone from the plugins directory");
        }
        PluginArchive archive = PluginArchive.inspect(plugin.file());
        if (!archive.id().equals(plugin.id())) {
            throw new PluginRefusedException(PluginRefusedException.Kind.INVALID, plugin.file().getFileName()
                    + " now holds plugin '" + archive.id() + "', not '" + plugin.id() + "'; upload it instead");
        }
        return archive;
    }

    /**
     * Puts the uploaded file where the plugin's file belongs: in place of the file it replaces (same name, the
     * new kind's extension), or under the plugin's id. The running version reads its own copy, not this file.
     */
    private Path moveIntoPlace(Path upload, PluginArchive archive, Optional<InstalledPlugin> current) {
        // a zip replacing foo.jar must not overwrite some other plugin's foo.zip
        Path target = current.map(InstalledPlugin::file)
                .map(file -> file.resolveSibling(baseName(file) + "." + archive.layout().extension))
                .filter(sameName -> sameName.equals(current.get().file()) || !Files.exists(sameName))
                .orElseGet(() -> freeName(archive));
        try {
            Files.move(upload, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            if (current.isPresent() && !current.get().file().equals(target)) {
                Files.deleteIfExists(current.get().file());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot put the plugin file in place as " + target, e);
        }
        return target;
    }

    /** {@code <id>.zip}, or, if some other file has that name, {@code <id>-<version>[-n].zip}. */
    private Path freeName(PluginArchive archive) {
        Path target = pluginsDir.resolve(archive.defaultFileName());
        for (int n = 1; Files.exists(target); n++) {
            target = pluginsDir.resolve(archive.id() + "-" + archive.version() + (n == 1 ? "" : "-" + n) + "."
                    + archive.layout().extension);
        }
        return target;
    }

    private static void receive(InputStream content, Path upload, long maxBytes) {
        long received = 0;
        try (OutputStream out = Files.newOutputStream(upload)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = content.read(buffer); n >= 0; n = content.read(buffer)) {
                received += n;
                if (received > maxBytes) {
                    throw new PluginRefusedException(PluginRefusedException.Kind.TOO_LARGE,
                            "the plugin file is larger than the limit of " + maxBytes + " bytes");
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot receive the plugin file", e);
        }
        if (received == 0) {
            throw new PluginRefusedException(PluginRefusedException.Kind.INVALID, "the plugin file is empty");
        }
    }

    /** Uploads a crashed process left behind; recent ones may belong to another process sharing the directory. */
    private void removeAbandonedUploads() {
        FileTime hourAgo = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
        try (DirectoryStream<Path> uploads = Files.newDirectoryStream(pluginsDir, UPLOAD_PREFIX + "*")) {
            for (Path upload : uploads) {
                if (Files.getLastModifiedTime(upload).compareTo(hourAgo) < 0) {
                    deleteQuietly(upload);
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot look for abandoned uploads", e);
        }
    }

    private static Path legacyUnpackedDir(Path file) {
        Path dir = file.resolveSibling(baseName(file));
        return file.getFileName().toString().endsWith(".zip") && Files.isDirectory(dir) ? dir : null;
    }

    /** {@code foo} for {@code foo.zip}. */
    private static String baseName(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.lastIndexOf('.'));
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the plugin host is closed");
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot delete " + file + ": " + e.getMessage());
        }
    }
}
