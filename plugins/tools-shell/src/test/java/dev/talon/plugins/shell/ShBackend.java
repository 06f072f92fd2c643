package dev.talon.plugins.shell;

import dev.talon.api.ExecBackend;
import dev.talon.api.ExecRequest;
import dev.talon.api.ExecResult;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A plain {@code sh -c} backend for tests: output goes through temporary files to keep it simple. */
final class ShBackend implements ExecBackend {

    @Override
    public String id() {
        return "sh";
    }

    @Override
    public ExecResult exec(ExecRequest request) throws InterruptedException {
        try {
            Path stdout = Files.createTempFile("sh-backend", ".out");
            Path stderr = Files.createTempFile("sh-backend", ".err");
            try {
                Process process = new ProcessBuilder("sh", "-c", request.command())
                        .directory(request.workDir().toFile())
                        .redirectInput(new File("/dev/null"))
                        .redirectOutput(stdout.toFile())
                        .redirectError(stderr.toFile())
                        .start();
                boolean finished = process.waitFor(request.timeout().toMillis(), TimeUnit.MILLISECONDS);
                if (!finished) {
                    process.destroyForcibly().waitFor();
                }
                return new ExecResult(Files.readString(stdout), Files.readString(stderr),
                        finished ? process.exitValue() : -1, !finished);
            } finally {
                Files.delete(stdout);
                Files.delete(stderr);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
