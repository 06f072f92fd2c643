package dev.talon.platform.plugin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5: the plugin zips this build produced, loaded once per test class by a real PluginHost from a directory
 * of their own, and closed after the class. Register it on a static field with {@code @RegisterExtension}.
 */
public final class LoadedPlugins implements BeforeAllCallback, AfterAllCallback {

    private Path dir;
    private PluginHost host;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("talon-plugins-");
        host = BuiltPlugins.load(dir);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        host.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    public PluginHost host() {
        if (host == null) {
            throw new IllegalStateException("the plugins load before the test class; register LoadedPlugins on a static field");
        }
        return host;
    }
}
