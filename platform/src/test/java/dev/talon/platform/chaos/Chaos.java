package dev.talon.platform.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** What the chaos tests share: where the built platform is, progress output, waiting for a condition. */
final class Chaos {

    static final Path PROJECT = Path.of(System.getProperty("talon.test.project-dir", "..")).toAbsolutePath().normalize();
    static final String EXEC = "ExecuteTool";
    static final String LLM = "LlmChat";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private Chaos() {
    }

    /** A cluster in {@code platform/target/chaos/<name>}, built from the jar and zips of this build. */
    static LocalCluster cluster(String name) throws IOException {
        Path jar = Path.of(System.getProperty("talon.test.platform-jar",
                PROJECT.resolve("platform/target/talon-platform.jar").toString()));
        Path zips = Path.of(System.getProperty("talon.test.plugins-dir",
                PROJECT.resolve("platform/target/plugins").toString()));
        Path temporal = LocalCluster.findTemporal(PROJECT).orElseThrow(() -> new IllegalStateException(
                "no Temporal CLI: set TALON_TEMPORAL_BIN, put temporal on PATH or run bin/talon setup"));
        log("---- " + name + " (work dir platform/target/chaos/" + name + ")");
        return new LocalCluster(jar, zips, temporal, PROJECT.resolve("platform/target/chaos").resolve(name), Chaos::log);
    }

    static void log(String line) {
        System.out.println("[chaos " + LocalTime.now().format(TIME) + "] " + line);
        System.out.flush();
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
