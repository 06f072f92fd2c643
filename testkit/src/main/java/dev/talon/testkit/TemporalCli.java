package dev.talon.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The Temporal CLI: where it is (as bin/talon looks for it) and whether a dev server answers through it. */
final class TemporalCli {

    private TemporalCli() {
    }

    /** TALON_TEMPORAL_BIN, the PATH, or the project's {@code .tools/venv} (where bin/talon setup installs it). */
    static Optional<Path> find(Path projectDir) {
        String configured = System.getenv("TALON_TEMPORAL_BIN");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "temporal");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        Path local = projectDir.resolve(".tools/venv/bin/temporal");
        return Files.isExecutable(local) ? Optional.of(local) : Optional.empty();
    }

    /** {@code temporal operator cluster health}; a check that takes over 10 s counts as unhealthy. */
    static boolean healthy(Path temporalBin, String target) throws IOException, InterruptedException {
        Process check = new ProcessBuilder(temporalBin.toString(), "operator", "cluster", "health", "--address", target)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!check.waitFor(10, TimeUnit.SECONDS)) {
            check.destroyForcibly();
            return false;
        }
        return check.exitValue() == 0;
    }
}
