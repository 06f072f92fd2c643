package dev.talon.plugins.mcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Puts {@link StdioTestMcpServer} and its class path into a workspace (a sandbox sees nothing of the host's build
 * directories) and says the command that starts it from the workspace root, as a tenant would configure it.
 */
public final class StdioServerFiles {

    static final String DIR = "mcp-server";
    /** What the server needs of a test class path (the SDK, its JSON and reactive libraries, this test code). */
    private static final Pattern SERVER_JARS = Pattern.compile(
            "(mcp|mcp-core|mcp-json-jackson3|jackson-[a-z-]+|reactor-core|reactive-streams|slf4j-api"
                    + "|json-schema-validator|talon-plugin-tools-mcp)-[0-9].*\\.jar");

    private StdioServerFiles() {
    }

    /** Copies the server into {@code workspace}/mcp-server. */
    public static void copyInto(Path workspace) {
        Path lib = workspace.resolve(DIR).resolve("lib");
        try {
            Files.createDirectories(lib);
            for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
                Path source = Path.of(entry);
                if (Files.isDirectory(source)
                        && Files.exists(source.resolve(StdioTestMcpServer.class.getName().replace('.', '/') + ".class"))) {
                    copyTree(source, workspace.resolve(DIR).resolve("classes-" + source.getParent().getFileName()
                            + "-" + source.getFileName()));
                } else if (Files.isRegularFile(source) && SERVER_JARS.matcher(source.getFileName().toString()).matches()) {
                    Files.copy(source, lib.resolve(source.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            makeReadable(workspace.resolve(DIR));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code java … StdioTestMcpServer}, small enough for a sandbox's address-space limit; {@code marker} names it. */
    public static List<String> command(Path workspace, String marker) {
        List<String> classPath = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(workspace.resolve(DIR))) {
            dirs.filter(dir -> dir.getFileName().toString().startsWith("classes-"))
                    .forEach(dir -> classPath.add(DIR + "/" + dir.getFileName()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        classPath.add(DIR + "/lib/*");
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dtalon.test.marker=" + marker,
                "-Xmx64m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-XX:ReservedCodeCacheSize=32m", "-XX:CompressedClassSpaceSize=64m", "-XX:MaxMetaspaceSize=128m",
                "-cp", String.join(":", classPath), StdioTestMcpServer.class.getName());
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : paths.toList()) {
                Path copy = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(path, copy, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    // the sandbox may run as another uid (bubblewrap as root): it must read what the test copied
    private static void makeReadable(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.toList()) {
                path.toFile().setReadable(true, false);
                if (Files.isDirectory(path)) {
                    path.toFile().setExecutable(true, false);
                }
            }
        }
    }
}
