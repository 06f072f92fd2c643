package dev.talon.platform;

import io.helidon.config.yaml.mp.YamlMpConfigSource;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;

/**
 * Builds the process's MicroProfile Config: system properties, environment variables, then the config
 * file ({@code talon.config}, default {@code config/application.yaml}) if it exists, then built-in defaults.
 * Registered globally so Helidon and the platform read the same config.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    public static Config load() {
        ConfigProviderResolver resolver = ConfigProviderResolver.instance();
        var builder = resolver.getBuilder().addDefaultSources().addDiscoveredSources().addDiscoveredConverters();
        String file = System.getProperty("talon.config",
                System.getenv().getOrDefault("TALON_CONFIG", "config/application.yaml"));
        Path path = Path.of(file);
        if (Files.isRegularFile(path)) {
            builder.withSources(YamlMpConfigSource.create(path));
        }
        Config config = builder.build();
        resolver.registerConfig(config, Thread.currentThread().getContextClassLoader());
        return config;
    }
}
