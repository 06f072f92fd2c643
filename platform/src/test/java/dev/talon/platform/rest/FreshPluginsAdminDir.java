package dev.talon.platform.rest;

import dev.talon.platform.plugin.PluginZips;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Prepares {@link AdminPluginResourceTest}'s own directory before its server starts: an empty data dir and
 * tenants file, and a copy of the built plugins the test may replace and delete without touching
 * target/plugins. Declared before {@code @HelidonTest}, so JUnit runs it first.
 */
final class FreshPluginsAdminDir implements BeforeAllCallback {

    static final Path ROOT = Path.of("target/test-data/plugins-admin");

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (Files.exists(ROOT)) {
            try (Stream<Path> paths = Files.walk(ROOT)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        PluginZips.install(ROOT.resolve("plugins"), "tools-workspace", "tools-shell", "exec-local",
                "provider-scripted");
    }
}
