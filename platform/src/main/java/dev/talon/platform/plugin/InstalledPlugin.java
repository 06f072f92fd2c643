package dev.talon.platform.plugin;

import java.nio.file.Path;

/**
 * A plugin file in the plugins directory and what became of it: started (with its loaded version), disabled,
 * or failed to start (with the reason).
 *
 * @param generation the loaded version; null unless started
 * @param problem    why it did not start; null unless failed
 */
record InstalledPlugin(PluginArchive archive, Path file, boolean enabled, PluginGeneration generation, String problem) {

    static InstalledPlugin started(PluginGeneration generation, Path file) {
        return new InstalledPlugin(generation.archive(), file, true, generation, null);
    }

    static InstalledPlugin disabled(PluginArchive archive, Path file) {
        return new InstalledPlugin(archive, file, false, null, null);
    }

    static InstalledPlugin failed(PluginArchive archive, Path file, String problem) {
        return new InstalledPlugin(archive, file, true, null, problem);
    }

    String id() {
        return archive.id();
    }

    boolean isStarted() {
        return generation != null;
    }

    PluginInfo info() {
        String state = generation != null ? "STARTED" : enabled ? "FAILED" : "DISABLED";
        return new PluginInfo(archive.id(), archive.version(), archive.description(), state, enabled,
                file.getFileName().toString(), archive.extensions().stream().sorted().toList(), problem);
    }
}
