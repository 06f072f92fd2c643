package dev.talon.platform.rest;

import io.helidon.microprofile.testing.junit5.AddConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Deletes the tenants file a test class names in {@code @AddConfig(key = "talon.tenants-file")} before its server
 * starts, so the class starts with no tenants, whatever an earlier run (or an older build) left there. Declared
 * before {@code @HelidonTest}, so JUnit runs it first.
 */
final class FreshTenantsFile implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        for (AddConfig config : AnnotationSupport.findRepeatableAnnotations(context.getRequiredTestClass(),
                AddConfig.class)) {
            if (config.key().equals("talon.tenants-file")) {
                Path file = Path.of(config.value());
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.deleteIfExists(file);
            }
        }
    }
}
