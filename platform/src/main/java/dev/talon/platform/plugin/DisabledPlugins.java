package dev.talon.platform.plugin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The ids of disabled plugins, kept in {@code disabled.txt} in the plugins directory (PF4J's file and format:
 * one id a line, {@code #} comments) so a disabled plugin stays disabled across restarts.
 */
final class DisabledPlugins {

    private final Path file;
    private final Set<String> ids;

    private DisabledPlugins(Path file, Set<String> ids) {
        this.file = file;
        this.ids = ids;
    }

    static DisabledPlugins in(Path pluginsDir) {
        Path file = pluginsDir.resolve("disabled.txt");
        Set<String> ids = new TreeSet<>();
        if (Files.exists(file)) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String id = line.strip();
                    if (!id.isEmpty() && !id.startsWith("#")) {
                        ids.add(id);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return new DisabledPlugins(file, ids);
    }

    boolean contains(String id) {
        return ids.contains(id);
    }

    void add(String id) {
        if (ids.add(id)) {
            save();
        }
    }

    void remove(String id) {
        if (ids.remove(id)) {
            save();
        }
    }

    private void save() {
        List<String> lines = new ArrayList<>();
        lines.add("# plugins the admin API disabled; one id a line");
        lines.addAll(ids);
        try {
            Path temporary = file.resolveSibling(".disabled.txt.tmp");
            Files.write(temporary, lines, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
