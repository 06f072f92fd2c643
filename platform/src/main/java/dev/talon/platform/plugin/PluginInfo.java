package dev.talon.platform.plugin;

import java.util.List;

/**
 * An installed plugin as the admin API shows it.
 *
 * @param state      STARTED, DISABLED or FAILED
 * @param file       its file name in the plugins directory
 * @param extensions the extension classes it declares
 * @param problem    why it failed to start; null otherwise
 */
public record PluginInfo(String id, String version, String description, String state, boolean enabled, String file,
                         List<String> extensions, String problem) {
}
