package dev.talon.testkit;

import java.nio.file.Path;

/**
 * One process a {@link LocalCluster} started.
 *
 * @param name    e.g. {@code worker-2}; a restarted worker gets a new name
 * @param role    what it is
 * @param process the OS process
 * @param log     its stdout and stderr
 * @param port    the port it serves on (REST or Temporal frontend), 0 for workers
 */
public record ClusterProcess(String name, ProcessRole role, Process process, Path log, int port) {

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + ")";
    }
}
