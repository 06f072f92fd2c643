package dev.talon.platform.plugin;

import dev.talon.api.ExecBackend;
import dev.talon.api.LlmProvider;
import dev.talon.api.ToolProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.pf4j.ExtensionFactory;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

/**
 * One loaded version of one plugin: its own PF4J manager and class loader (reading a private copy of the
 * file), and every extension already built. It exists only fully loaded and started; {@link #load} either
 * returns that or leaves nothing behind.
 */
final class PluginGeneration {

    private static final System.Logger LOG = System.getLogger(PluginGeneration.class.getName());

    private final PluginArchive archive;
    private final TalonPluginManager manager;
    private final Path copy;
    private final PluginCopies copies;
    private final InFlightCalls calls;
    private final List<ToolProvider> toolProviders;
    private final List<LlmProvider> llmProviders;
    private final List<ExecBackend> execBackends;

    private PluginGeneration(PluginArchive archive, TalonPluginManager manager, Path copy, PluginCopies copies,
                             InFlightCalls calls, List<ToolProvider> toolProviders, List<LlmProvider> llmProviders,
                             List<ExecBackend> execBackends) {
        this.archive = archive;
        this.manager = manager;
        this.copy = copy;
        this.copies = copies;
        this.calls = calls;
        this.toolProviders = toolProviders;
        this.llmProviders = llmProviders;
        this.execBackends = execBackends;
    }

    /**
     * Loads, starts and builds every extension of the plugin in {@code file}, or throws
     * {@link PluginRefusedException} with the reason after undoing all of it.
     */
    static PluginGeneration load(PluginArchive archive, Path file, PluginCopies copies,
                                 BiFunction<String, String, Optional<String>> pluginSettings) {
        Path copy = copies.copy(archive, file);
        TalonPluginManager manager = new TalonPluginManager(copy.getParent(), pluginSettings);
        try {
            PluginWrapper plugin = manager.load(copy);
            PluginState state = manager.startPlugin(plugin.getPluginId());
            if (state != PluginState.STARTED) {
                Throwable failure = plugin.getFailedException();
                throw new IllegalStateException(failure != null ? describe(failure) : "it ended in state " + state);
            }
            InFlightCalls calls = new InFlightCalls(archive.id() + " " + archive.version());
            List<ToolProvider> tools = new ArrayList<>();
            List<LlmProvider> llms = new ArrayList<>();
            List<ExecBackend> backends = new ArrayList<>();
            // every listed class is loaded and built now: a class that cannot be would otherwise just be missing
            ExtensionFactory factory = manager.getExtensionFactory();
            for (String className : archive.extensions()) {
                Class<?> type = Class.forName(className, true, plugin.getPluginClassLoader());
                if (ToolProvider.class.isAssignableFrom(type)) {
                    tools.add(new CountedToolProvider((ToolProvider) factory.create(type), calls));
                }
                if (LlmProvider.class.isAssignableFrom(type)) {
                    llms.add(new CountedLlmProvider((LlmProvider) factory.create(type), calls));
                }
                if (ExecBackend.class.isAssignableFrom(type)) {
                    backends.add(new CountedExecBackend((ExecBackend) factory.create(type), calls));
                }
            }
            if (tools.isEmpty() && llms.isEmpty() && backends.isEmpty()) {
                throw new IllegalStateException("none of its extensions " + archive.extensions()
                        + " is a ToolProvider, LlmProvider or ExecBackend");
            }
            // building the tool list once checks the provider works before anyone is offered its tools
            tools.forEach(ToolProvider::tools);
            return new PluginGeneration(archive, manager, copy, copies, calls, List.copyOf(tools), List.copyOf(llms),
                    List.copyOf(backends));
        } catch (Exception | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "plugin " + archive.id() + " " + archive.version()
                    + " failed to start", e);
            unload(manager, archive.id());
            copies.remove(copy);
            throw new PluginRefusedException(PluginRefusedException.Kind.FAILED_TO_START,
                    "plugin '" + archive.id() + "' " + archive.version() + " failed to start: " + describe(e));
        }
    }

    PluginArchive archive() {
        return archive;
    }

    List<ToolProvider> toolProviders() {
        return toolProviders;
    }

    List<LlmProvider> llmProviders() {
        return llmProviders;
    }

    List<ExecBackend> execBackends() {
        return execBackends;
    }

    InFlightCalls calls() {
        return calls;
    }

    /** Stops the plugin, closes its class loader and deletes its copy; call only once no call runs in it. */
    void unload() {
        unload(manager, archive.id());
        copies.remove(copy);
        LOG.log(System.Logger.Level.INFO, "plugin {0} {1}: unloaded", archive.id(), archive.version());
    }

    private static void unload(TalonPluginManager manager, String pluginId) {
        try {
            if (manager.getPlugin(pluginId) != null) {
                manager.unloadPlugin(pluginId);
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "plugin " + pluginId + " did not unload cleanly", e);
        }
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
