package dev.talon.platform.plugin;

import java.util.List;

/** A loaded plugin as the admin API shows it. */
public record PluginInfo(String id, String version, String description, String state, List<String> extensions) {
}
