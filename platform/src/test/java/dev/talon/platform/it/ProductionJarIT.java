package dev.talon.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The product holds no test harness: the built platform jar (what the image runs) has no class of the testkit,
 * the chaos demo, the benchmarks or the dev tools, and its runtime libraries (target/libs, copied into the image)
 * have no Temporal test server. Runs on the jar of this build, after {@code package}.
 */
class ProductionJarIT {

    private static final Path JAR = Path.of(System.getProperty("talon.test.platform-jar", "target/talon-platform.jar"));
    private static final List<String> HARNESS_PACKAGES = List.of("dev/talon/testkit/", "dev/talon/devtools/",
            "dev/talon/plugintest/", "dev/talon/platform/chaos/", "dev/talon/platform/bench/", "io/temporal/testing/",
            "io/temporal/testserver/", "org/junit/");
    private static final List<String> TEST_LIBRARIES = List.of("temporal-testing-", "temporal-test-server-",
            "talon-testkit-", "talon-plugin-testkit-", "junit-", "assertj-");

    @Test
    void thePlatformJarHoldsNoHarnessClass() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> classes = jar.stream().filter(entry -> !entry.isDirectory()).map(entry -> entry.getName())
                    .filter(name -> name.endsWith(".class")).toList();

            assertThat(classes).as("the jar's classes").contains("dev/talon/platform/Main.class");
            assertThat(classes).filteredOn(name -> HARNESS_PACKAGES.stream().anyMatch(name::startsWith)).isEmpty();
        }
    }

    @Test
    void theRuntimeLibrariesHoldNoTestServer() throws IOException {
        Path libs = JAR.toAbsolutePath().getParent().resolve("libs");
        try (Stream<Path> files = Files.list(libs)) {
            List<String> names = files.map(file -> file.getFileName().toString()).toList();

            assertThat(names).as("the runtime libraries in %s", libs).anyMatch(name -> name.startsWith("temporal-sdk-"));
            assertThat(names).filteredOn(name -> TEST_LIBRARIES.stream().anyMatch(name::startsWith)).isEmpty();
        }
        try (JarFile jar = new JarFile(JAR.toFile())) {
            String classPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
            assertThat(classPath).contains("temporal-sdk-").doesNotContain("temporal-testing", "temporal-test-server");
        }
    }
}
