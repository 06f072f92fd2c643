package dev.talon.plugins.exec.contract;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads this machine's processes from {@code /proc}, the way {@code pgrep -f} does, without needing procps.
 * Processes in a sandbox's PID namespace are here too, under their host pid.
 */
final class ProcessTable {

    private ProcessTable() {
    }

    /** Command lines (arguments joined by spaces) of live processes that contain {@code marker}. */
    static List<String> commandLinesContaining(String marker) throws IOException {
        List<String> found = new ArrayList<>();
        for (long pid : pidsContaining(marker)) {
            commandLine(pid).ifPresent(found::add);
        }
        return found;
    }

    /** Sends SIGKILL to every process whose command line contains {@code marker}. */
    static void kill(String marker) throws IOException {
        for (long pid : pidsContaining(marker)) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private static List<Long> pidsContaining(String marker) throws IOException {
        long self = ProcessHandle.current().pid();
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!name.isEmpty() && name.chars().allMatch(Character::isDigit) && Long.parseLong(name) != self) {
                    long pid = Long.parseLong(name);
                    if (commandLine(pid).filter(line -> line.contains(marker)).isPresent() && !zombie(pid)) {
                        pids.add(pid);
                    }
                }
            }
        }
        return pids;
    }

    private static Optional<String> commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return Optional.of(new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip());
        } catch (IOException e) {
            return Optional.empty(); // it ended while we looked
        }
    }

    // A zombie has ended; it only waits for its parent (or init) to collect its exit status.
    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state == 'Z' || state == 'X';
        } catch (IOException | IndexOutOfBoundsException e) {
            return true;
        }
    }
}
