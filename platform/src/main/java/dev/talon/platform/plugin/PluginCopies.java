package dev.talon.platform.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Private copies of plugin files, one per loaded version, in a temporary directory this process owns. A
 * class loader reads its version's copy for as long as it is open, so the file in the plugins directory
 * can be replaced or deleted at any moment without the running version seeing a byte of the new one.
 */
final class PluginCopies implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PluginCopies.class.getName());
    private static final String PREFIX = "talon-plugins-";
    private static final String OWNER_FILE = "owner.pid";
    /** A zip bomb stops here instead of filling the disk. */
    private static final long MAX_EXPANDED_BYTES = 2L << 30;

    private final Path root;
    private final AtomicLong copies = new AtomicLong();

    private PluginCopies(Path root) {
        this.root = root;
    }

    static PluginCopies create() {
        try {
            removeLeftoversOfDeadProcesses();
            Path root = Files.createTempDirectory(PREFIX);
            Files.writeString(root.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
            return new PluginCopies(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for plugin copies", e);
        }
    }

    /**
     * A new copy of the plugin file: a zip unpacked into its own directory (which PF4J loads as a directory
     * plugin), a jar copied as it is.
     */
    Path copy(PluginArchive archive, Path file) {
        Path dir = root.resolve(archive.id() + "-" + copies.incrementAndGet());
        try {
            Files.createDirectories(dir);
            if (archive.layout() == PluginArchive.Layout.JAR) {
                return Files.copy(file, dir.resolve(archive.id() + ".jar"));
            }
            Path target = dir.resolve(archive.id());
            unzip(file, target);
            return target;
        } catch (IOException | RuntimeException e) {
            delete(dir);
            if (e instanceof PluginRefusedException refused) {
                throw refused;
            }
            throw new PluginRefusedException(PluginRefusedException.Kind.INVALID,
                    "cannot unpack the plugin: " + e.getMessage());
        }
    }

    /** Deletes a copy {@link #copy} made. */
    void remove(Path copy) {
        delete(copy.getParent());
    }

    @Override
    public void close() {
        delete(root);
    }

    private static void unzip(Path file, Path target) throws IOException {
        long written = 0;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("entry " + entry.getName() + " points outside the plugin");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = zip.getInputStream(entry); OutputStream os = Files.newOutputStream(out)) {
                    byte[] buffer = new byte[64 * 1024];
                    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                        written += n;
                        if (written > MAX_EXPANDED_BYTES) {
                            throw new PluginRefusedException(PluginRefusedException.Kind.INVALID,
                                    "the archive unpacks to more than " + (MAX_EXPANDED_BYTES >> 20) + " MB");
                        }
                        os.write(buffer, 0, n);
                    }
                }
            }
        }
    }

    /** A killed process cannot clean up after itself; the next one does, leaving live processes' copies alone. */
    private static void removeLeftoversOfDeadProcesses() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, PREFIX + "*")) {
            for (Path dir : dirs) {
                Path owner = dir.resolve(OWNER_FILE);
                try {
                    long pid = Long.parseLong(Files.readString(owner, StandardCharsets.UTF_8).strip());
                    if (ProcessHandle.of(pid).isEmpty()) {
                        // processes starting together race for the same leftovers: the one whose rename wins
                        // deletes it (under a name no other process looks at), the others move on
                        Path claimed = dir.resolveSibling(".talon-gone-" + dir.getFileName() + "-"
                                + ProcessHandle.current().pid());
                        Files.move(dir, claimed, StandardCopyOption.ATOMIC_MOVE);
                        delete(claimed);
                    }
                } catch (IOException | NumberFormatException e) {
                    // not ours, or still being created: leave it
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot list " + tmp + " for old plugin copies", e);
        }
    }

    static void delete(Path path) {
        if (path == null || !Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path each : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(each);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot delete " + path + ": " + e.getMessage());
        }
    }
}
