package dev.talon.platform.rest;

import io.helidon.microprofile.testing.junit5.AddConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Deletes the data directory a test class names in {@code @AddConfig(key = "talon.data-dir")} before its server
 * starts, so what an earlier run left there (a usage ledger, sessions) cannot change the outcome. Declared before
 * {@code @HelidonTest}, so JUnit runs it first.
 */
final class FreshDataDir implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        for (AddConfig config : AnnotationSupport.findRepeatableAnnotations(context.getRequiredTestClass(),
                AddConfig.class)) {
            if (config.key().equals("talon.data-dir")) {
                Path dir = Path.of(config.value());
                if (Files.exists(dir)) {
                    try (Stream<Path> all = Files.walk(dir)) {
                        for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                            Files.delete(path);
                        }
                    }
                }
            }
        }
    }
}
