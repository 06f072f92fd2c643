package dev.talon.plugins.exec.bubblewrap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Who the platform runs as. */
final class HostUser {

    private static final Path STATUS = Path.of("/proc/self/status");

    private HostUser() {
    }

    /** True when the platform's effective uid is 0: sandboxes must then be started as another user. */
    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                // Uid: real, effective, saved, file system
                if (line.startsWith("Uid:")) {
                    String[] ids = line.substring(4).strip().split("\\s+");
                    return ids.length > 1 && ids[1].equals("0");
                }
            }
        } catch (IOException e) {
            // no /proc: assume the worst, and let the handoff fail loudly if it cannot work
        }
        return true;
    }
}
