package dev.talon.api;

import java.util.Optional;

/**
 * Host services for a plugin's extensions, passed to an extension's constructor when it declares one
 * taking this type. Lets a plugin read its own settings without reaching into the platform.
 */
public interface PluginContext {

    /** The plugin's id from its descriptor, e.g. {@code provider-openai}. */
    String pluginId();

    /**
     * A setting for this plugin: {@code talon.plugins.<pluginId>.<key>} in the platform config, or the
     * environment variable {@code TALON_PLUGINS_<PLUGINID>_<KEY>} (upper case, dashes and dots as underscores).
     */
    Optional<String> config(String key);

    /** A logger named after the plugin. Never log secrets. */
    System.Logger logger();
}
