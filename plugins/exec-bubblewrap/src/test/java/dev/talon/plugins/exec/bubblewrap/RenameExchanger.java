package dev.talon.plugins.exec.bubblewrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The rename-exchange swapper ({@code rename-exchange.c}), compiled with the host's C compiler for a test. */
final class RenameExchanger {

    private RenameExchanger() {
    }

    /** Compiles the swapper to {@code binary}; fails the test, with the compiler's words, when that cannot be done. */
    static Path compile(Path binary) throws IOException, InterruptedException {
        Path source = binary.resolveSibling(binary.getFileName() + ".c");
        try (InputStream in = RenameExchanger.class.getResourceAsStream("/rename-exchange.c")) {
            assertThat(in).as("rename-exchange.c on the test class path").isNotNull();
            Files.write(source, in.readAllBytes());
        }
        Process gcc = new ProcessBuilder("gcc", "-O2", "-o", binary.toString(), source.toString())
                .redirectErrorStream(true).start();
        String output = new String(gcc.getInputStream().readAllBytes());
        assertThat(gcc.waitFor(60, TimeUnit.SECONDS)).as("gcc finished").isTrue();
        assertThat(gcc.exitValue()).as("gcc (needed for this test): " + output).isZero();
        Files.delete(source);
        return binary;
    }
}
