package dev.talon.platform.plugin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** The plugin zips the build produced, and edited copies of them for tests of what a plugin upload may be. */
public final class PluginZips {

    private PluginZips() {
    }

    public static Path builtDir() {
        return Path.of(System.getProperty("talon.test.plugins-dir", "target/plugins"));
    }

    /** The built zip of a plugin, e.g. {@code provider-scripted}. */
    public static Path built(String pluginId) {
        try (Stream<Path> files = Files.list(builtDir())) {
            return files.filter(file -> file.getFileName().toString().startsWith("talon-plugin-" + pluginId + "-")
                            && file.toString().endsWith(".zip"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no built zip of " + pluginId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the built zips of these plugins into a plugins directory. */
    public static void install(Path pluginsDir, String... pluginIds) {
        try {
            Files.createDirectories(pluginsDir);
            for (String id : pluginIds) {
                Path zip = built(id);
                Files.copy(zip, pluginsDir.resolve(zip.getFileName()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of a built zip whose plugin.properties has these keys set (the others stay). */
    public static byte[] withProperties(String pluginId, Map<String, String> properties) {
        return edited(pluginId, entries -> {
            for (String name : new String[] {"plugin.properties", "classes/plugin.properties"}) {
                if (entries.containsKey(name)) {
                    entries.put(name, setProperties(new String(entries.get(name), StandardCharsets.ISO_8859_1),
                            properties).getBytes(StandardCharsets.ISO_8859_1));
                }
            }
        });
    }

    /** A copy of a built zip without these entries. */
    public static byte[] without(String pluginId, String... entryNames) {
        return edited(pluginId, entries -> {
            for (String name : entryNames) {
                entries.remove(name);
            }
        });
    }

    /** A copy of a built zip after the edit of its entries (name to content; directories end in '/'). */
    public static byte[] edited(String pluginId, Consumer<Map<String, byte[]>> edit) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(built(pluginId).toFile())) {
            for (Enumeration<? extends ZipEntry> all = zip.entries(); all.hasMoreElements(); ) {
                ZipEntry entry = all.nextElement();
                try (InputStream in = zip.getInputStream(entry)) {
                    entries.put(entry.getName(), in.readAllBytes());
                }
            }
            edit.accept(entries);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream out = new ZipOutputStream(bytes)) {
                for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                    out.putNextEntry(new ZipEntry(entry.getKey()));
                    out.write(entry.getValue());
                    out.closeEntry();
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String setProperties(String text, Map<String, String> properties) {
        Map<String, String> remaining = new LinkedHashMap<>(properties);
        String kept = text.lines().map(line -> {
            String key = line.split("=", 2)[0].strip();
            return remaining.containsKey(key) ? key + "=" + remaining.remove(key) : line;
        }).collect(Collectors.joining("\n"));
        StringBuilder result = new StringBuilder(kept).append('\n');
        remaining.forEach((key, value) -> result.append(key).append('=').append(value).append('\n'));
        return result.toString();
    }
}
