package dev.talon.platform.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The files of the plugins directory: which zips and jars it holds, uploads received into it, and the name an
 * installed plugin's file gets. {@link PluginHost} decides what is loaded; this class only moves files.
 */
final class PluginsDirectory {

    private static final System.Logger LOG = System.getLogger(PluginsDirectory.class.getName());
    private static final String UPLOAD_PREFIX = ".upload-";

    private final Path dir;

    /** Creates the directory if needed and removes uploads a crashed process left behind. */
    PluginsDirectory(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the plugins directory " + dir, e);
        }
        removeAbandonedUploads();
    }

    Path path() {
        return dir;
    }

    /** The zips and jars in the directory, by name (the first of two files with one plugin id wins). */
    List<Path> pluginFiles() {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.{zip,jar}")) {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry) && !entry.getFileName().toString().startsWith(".")) {
                    files.add(entry);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the plugins directory " + dir, e);
        }
        files.sort(null);
        return files;
    }

    /**
     * Receives an upload into a hidden file of the directory (so the final move is atomic), at most
     * {@code maxBytes}; the caller deletes it with {@link #deleteQuietly} when done.
     *
     * @throws PluginRefusedException TOO_LARGE or INVALID (empty); the partial file is deleted
     */
    Path receive(InputStream content, long maxBytes) {
        Path upload;
        try {
            upload = Files.createTempFile(dir, UPLOAD_PREFIX, ".part");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the plugins directory " + dir, e);
        }
        long received = 0;
        try (OutputStream out = Files.newOutputStream(upload)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = content.read(buffer); n >= 0; n = content.read(buffer)) {
                received += n;
                if (received > maxBytes) {
                    throw new PluginRefusedException(PluginRefusedException.Kind.TOO_LARGE,
                            "the plugin file is larger than the limit of " + maxBytes + " bytes");
                }
                out.write(buffer, 0, n);
            }
            if (received == 0) {
                throw new PluginRefusedException(PluginRefusedException.Kind.INVALID, "the plugin file is empty");
            }
            return upload;
        } catch (IOException e) {
            deleteQuietly(upload);
            throw new UncheckedIOException("cannot receive the plugin file", e);
        } catch (RuntimeException e) {
            deleteQuietly(upload);
            throw e;
        }
    }

    /** Reads an installed plugin's file again; it must still be there and still hold the same plugin. */
    static PluginArchive inspectInstalled(InstalledPlugin plugin) {
        if (!Files.isRegularFile(plugin.file())) {
            throw new PluginRefusedException(PluginRefusedException.Kind.INVALID, "the file of plugin '"
                    + plugin.id() + "', " + plugin.file().getFileName() + ", is gone from the plugins directory");
        }
        PluginArchive archive = PluginArchive.inspect(plugin.file());
        if (!archive.id().equals(plugin.id())) {
            throw new PluginRefusedException(PluginRefusedException.Kind.INVALID, plugin.file().getFileName()
                    + " now holds plugin '" + archive.id() + "', not '" + plugin.id() + "'; upload it instead");
        }
        return archive;
    }

    /**
     * Puts the uploaded file where the plugin's file belongs: in place of the file it replaces (same name, the
     * new kind's extension), or under the plugin's id. The running version reads its own copy, not this file.
     */
    Path moveIntoPlace(Path upload, PluginArchive archive, Optional<InstalledPlugin> current) {
        // a zip replacing foo.jar must not overwrite some other plugin's foo.zip
        Path target = current.map(InstalledPlugin::file)
                .map(file -> file.resolveSibling(baseName(file) + "." + archive.layout().extension))
                .filter(sameName -> sameName.equals(current.get().file()) || !Files.exists(sameName))
                .orElseGet(() -> freeName(archive));
        try {
            Files.move(upload, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            if (current.isPresent() && !current.get().file().equals(target)) {
                Files.deleteIfExists(current.get().file());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot put the plugin file in place as " + target, e);
        }
        return target;
    }

    /** Deletes an installed plugin's file and the directory an older Talon or PF4J unpacked it into. */
    static void deleteInstalled(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
        Path unpacked = file.resolveSibling(baseName(file));
        if (file.getFileName().toString().endsWith(".zip") && Files.isDirectory(unpacked)) {
            PluginCopies.delete(unpacked);
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot delete " + file + ": " + e.getMessage());
        }
    }

    /** {@code <id>.zip}, or, if some other file has that name, {@code <id>-<version>[-n].zip}. */
    private Path freeName(PluginArchive archive) {
        Path target = dir.resolve(archive.defaultFileName());
        for (int n = 1; Files.exists(target); n++) {
            target = dir.resolve(archive.id() + "-" + archive.version() + (n == 1 ? "" : "-" + n) + "."
                    + archive.layout().extension);
        }
        return target;
    }

    /** Recent uploads may belong to another process sharing the directory, so only old ones go. */
    private void removeAbandonedUploads() {
        FileTime hourAgo = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
        try (DirectoryStream<Path> uploads = Files.newDirectoryStream(dir, UPLOAD_PREFIX + "*")) {
            for (Path upload : uploads) {
                if (Files.getLastModifiedTime(upload).compareTo(hourAgo) < 0) {
                    deleteQuietly(upload);
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot look for abandoned uploads", e);
        }
    }

    /** {@code foo} for {@code foo.zip}. */
    private static String baseName(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.lastIndexOf('.'));
    }
}
