package dev.talon.plugins.exec.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Reads process groups from /proc, the way {@code pgrep -g} does, without needing procps. */
final class GroupMembers {

    /** One line of /proc/PID/stat, the fields that matter here. */
    record Stat(long pid, char state, long processGroup, long session) {
    }

    private GroupMembers() {
    }

    /** Live processes of the group. Zombies are dead: they wait for a parent (or init) to reap them. */
    static List<Long> alive(long processGroup) throws IOException {
        List<Long> members = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit)) {
                    stat(Long.parseLong(name))
                            .filter(stat -> stat.processGroup() == processGroup)
                            .filter(stat -> stat.state() != 'Z' && stat.state() != 'X')
                            .ifPresent(stat -> members.add(stat.pid()));
                }
            }
        }
        return members;
    }

    /** Waits up to two seconds for the group to be empty (signals are delivered asynchronously). */
    static List<Long> aliveAfterSettling(long processGroup) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 2_000_000_000L;
        List<Long> members = alive(processGroup);
        while (!members.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            members = alive(processGroup);
        }
        return members;
    }

    static Optional<Stat> stat(long pid) {
        try {
            String line = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name is in parentheses and may hold spaces; the fields after it are fixed
            String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
            return Optional.of(new Stat(pid, fields[0].charAt(0), Long.parseLong(fields[2]), Long.parseLong(fields[3])));
        } catch (IOException e) {
            return Optional.empty(); // the process ended while we looked
        }
    }
}
