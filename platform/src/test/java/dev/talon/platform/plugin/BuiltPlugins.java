package dev.talon.platform.plugin;

import dev.talon.platform.tenant.ExecPolicy;
import dev.talon.platform.tenant.Limits;
import dev.talon.platform.tenant.ProviderConfig;
import dev.talon.platform.tenant.TenantConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The plugin zips this build produced, loaded by a real PluginHost from a copy in an empty directory. */
public final class BuiltPlugins {

    private BuiltPlugins() {
    }

    /** Copies the built zips into {@code pluginsDir} and loads them. */
    public static PluginHost load(Path pluginsDir) throws IOException {
        Path built = Path.of(System.getProperty("talon.test.plugins-dir", "target/plugins"));
        try (Stream<Path> zips = Files.list(built)) {
            for (Path zip : zips.filter(p -> p.toString().endsWith(".zip")).toList()) {
                Files.copy(zip, pluginsDir.resolve(zip.getFileName()));
            }
        }
        return new PluginHost(pluginsDir, (plugin, key) -> Optional.empty());
    }

    /** A tenant of the scripted provider with the given plugins and exec backend, not marked trusted. */
    public static TenantConfig tenant(List<String> plugins, String execBackend) {
        return tenant(plugins, new ExecPolicy(execBackend));
    }

    /** A tenant of the scripted provider with the given plugins and exec policy. */
    public static TenantConfig tenant(List<String> plugins, ExecPolicy exec) {
        return new TenantConfig("acme", List.of(), "default", "q", plugins,
                new ProviderConfig("provider-scripted", "scripted", null, null, null, null, null),
                exec, Limits.DEFAULT, null);
    }
}
