package dev.talon.plugins.exec.bubblewrap;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds the programs the sandbox needs. Looked up on every command, so installing one needs no restart. */
final class Executables {

    // Where prlimit may be: it runs inside the sandbox, so only directories the sandbox shows read-only.
    private static final List<String> SYSTEM_BIN = List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin", "/usr/local/bin");

    private Executables() {
    }

    /** bwrap: the configured path, else the first on the platform's {@code PATH}, else {@code /usr/bin/bwrap}. */
    static Optional<Path> bwrap(Optional<Path> configured) {
        if (configured.isPresent()) {
            return configured.filter(Files::isExecutable);
        }
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.add("/usr/bin");
        return first(dirs, "bwrap");
    }

    /** prlimit (util-linux), from a directory the sandbox shows. */
    static Optional<Path> prlimit() {
        return system("prlimit");
    }

    /** A program from the system's own directories (only root writes there), never from the {@code PATH}. */
    static Optional<Path> system(String name) {
        return first(SYSTEM_BIN, name);
    }

    private static Optional<Path> first(List<String> dirs, String name) {
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            try {
                Path candidate = Path.of(dir, name);
                if (candidate.isAbsolute() && Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            } catch (InvalidPathException e) {
                // a malformed PATH entry: skip it
            }
        }
        return Optional.empty();
    }
}
