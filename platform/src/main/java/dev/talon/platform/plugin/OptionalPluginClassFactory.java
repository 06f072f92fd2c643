package dev.talon.platform.plugin;

import org.pf4j.DefaultPluginFactory;
import org.pf4j.Plugin;
import org.pf4j.PluginWrapper;

/**
 * Lets a plugin leave {@code plugin.class} empty: most Talon plugins only contribute extensions and have
 * nothing to do on start or stop, so they get a plain {@link Plugin} instead of a class of their own.
 */
final class OptionalPluginClassFactory extends DefaultPluginFactory {

    @Override
    public Plugin create(PluginWrapper pluginWrapper) {
        String pluginClass = pluginWrapper.getDescriptor().getPluginClass();
        if (pluginClass == null || pluginClass.isBlank()) {
            return new Plugin() {
            };
        }
        return super.create(pluginWrapper);
    }
}
