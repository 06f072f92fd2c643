package dev.talon.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Waiting for a cluster process to be ready, and killing it with everything it started. */
final class ProcessTrees {

    /** A readiness probe; may block briefly. */
    interface Check {
        boolean ok() throws IOException, InterruptedException;
    }

    private ProcessTrees() {
    }

    /** SIGKILLs the process and its descendants (by pid) and waits until it is gone. */
    static void killTree(ClusterProcess process) throws InterruptedException {
        List<ProcessHandle> children = process.process().descendants().toList();
        process.process().destroyForcibly(); // SIGKILL on Unix
        children.forEach(ProcessHandle::destroyForcibly);
        if (!process.process().waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(process + " did not die from SIGKILL within 30 s");
        }
    }

    /** Polls until ready; a process that exits, or is not ready in time (then killed), fails with its log's end. */
    static void awaitReady(ClusterProcess process, Check ready, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.alive()) {
                throw new IllegalStateException(process + " exited with " + process.process().exitValue()
                        + " before it was ready; its log " + process.log() + " ends:\n" + tail(process.log()));
            }
            if (ready.ok()) {
                return;
            }
            Thread.sleep(100);
        }
        killTree(process);
        throw new IllegalStateException(process + " was not ready within " + timeout.toSeconds()
                + " s; its log " + process.log() + " ends:\n" + tail(process.log()));
    }

    /** The last 30 lines of a log, for an error message. */
    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
