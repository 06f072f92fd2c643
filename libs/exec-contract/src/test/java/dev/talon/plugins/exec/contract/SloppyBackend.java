package dev.talon.plugins.exec.contract;

import dev.talon.api.ExecBackend;
import dev.talon.api.ExecRequest;
import dev.talon.api.ExecResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A backend with the usual mistakes: it kills only the shell (its children live on), keeps all output, and
 * passes the platform's whole environment on. Everything else it does right.
 */
final class SloppyBackend implements ExecBackend {

    @Override
    public String id() {
        return "sloppy";
    }

    @Override
    public ExecResult exec(ExecRequest request) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("sloppy", ".out");
            err = Files.createTempFile("sloppy", ".err");
            ProcessBuilder builder = new ProcessBuilder("sh", "-c", request.command())
                    .directory(request.workDir().toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().putAll(request.env());
            Process shell = builder.start();
            boolean finished;
            try {
                finished = shell.waitFor(request.timeout().toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                shell.destroyForcibly();
                throw e;
            }
            if (!finished) {
                shell.destroyForcibly().waitFor();
            }
            return new ExecResult(Files.readString(out), Files.readString(err),
                    finished ? shell.exitValue() : -1, !finished);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a temp file left behind is harmless
            }
        }
    }
}
