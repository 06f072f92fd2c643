package dev.talon.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The command line of one platform process of a {@link LocalCluster}: a small JVM, its own copy of the plugins. */
final class PlatformCommand {

    private final Path jar;
    private final Path pluginZips;
    private final Path workDir;
    private final Path configFile;

    PlatformCommand(Path jar, Path pluginZips, Path workDir, Path configFile) {
        this.jar = jar;
        this.pluginZips = pluginZips;
        this.workDir = workDir;
        this.configFile = configFile;
    }

    List<String> of(String name, List<String> clusterFlags, List<String> flags, String subcommand) throws IOException {
        // Each process unpacks the zips into its own folder: PF4J must not unpack into one folder twice at once.
        Path plugins = workDir.resolve("plugins").resolve(name);
        Files.createDirectories(plugins);
        for (Path zip : zips()) {
            Files.copy(zip, plugins.resolve(zip.getFileName()));
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // small and quick to start: several JVMs share two cores in CI
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx256m",
                "-Dtalon.config=" + configFile,
                "-Dtalon.plugins-dir=" + plugins));
        command.addAll(clusterFlags);
        command.addAll(flags);
        command.addAll(List.of("-jar", jar.toString(), subcommand));
        return command;
    }

    List<Path> zips() throws IOException {
        if (!Files.isDirectory(pluginZips)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(pluginZips)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".zip")).sorted().toList();
        }
    }
}
