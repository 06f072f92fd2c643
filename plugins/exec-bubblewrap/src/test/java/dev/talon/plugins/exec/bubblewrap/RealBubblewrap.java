package dev.talon.plugins.exec.bubblewrap;

import dev.talon.api.ExecRequest;
import dev.talon.api.ExecResult;
import dev.talon.plugintest.MapPluginContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The sandbox tests need a working bwrap. They fail, with the backend's own message, when it is missing or
 * cannot create namespaces here: skipping would let CI pass without ever sandboxing anything.
 */
final class RealBubblewrap {

    private RealBubblewrap() {
    }

    static void assertWorks() {
        Path dir;
        try {
            dir = Files.createTempDirectory("bwrap-check");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            ExecResult result = new BubblewrapExecBackend(MapPluginContext.none("exec-bubblewrap"))
                    .exec(new ExecRequest("echo ok", dir, Duration.ofSeconds(30), Map.of()));
            if (!result.stdout().equals("ok\n") || result.exitCode() != 0) {
                throw new AssertionError("bubblewrap does not work on this machine (exit " + result.exitCode()
                        + "): " + result.stderr() + "(bin/talon setup installs it)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            try {
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                // a temp dir left behind is harmless
            }
        }
    }
}
