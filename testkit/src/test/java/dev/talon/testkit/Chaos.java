package dev.talon.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** What the chaos tests share: progress output, waiting for a condition, the scripted messages. */
final class Chaos {

    static final String EXEC = "ExecuteTool";
    static final String LLM = "LlmChat";

    private Chaos() {
    }

    static void log(String line) {
        LocalClusterExtension.log(line);
    }

    /** Polls until the probe finds something; errors in between (e.g. the workflow not there yet) are retried. */
    static <T> T await(String what, Duration timeout, Supplier<Optional<T>> probe) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException lastError = null;
        while (System.nanoTime() < deadline) {
            try {
                Optional<T> found = probe.get();
                if (found.isPresent()) {
                    return found.get();
                }
            } catch (RuntimeException e) {
                lastError = e;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what, lastError);
    }

    /** provider-scripted's call log lines for one user message (which must hold no tab, newline or backslash). */
    static List<String> llmCalls(LocalCluster cluster, String message) throws IOException {
        if (!Files.exists(cluster.callLog())) {
            return List.of();
        }
        return Files.readAllLines(cluster.callLog(), StandardCharsets.UTF_8).stream()
                .filter(line -> line.endsWith("\t" + message)).toList();
    }

    static String exec(String command) {
        return "/call exec {\"command\":\"" + command + "\"}";
    }
}
