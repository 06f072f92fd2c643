package dev.talon.plugins.exec.bubblewrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.talon.api.InteractiveProcess;
import dev.talon.api.InteractiveRequest;
import dev.talon.plugintest.MapPluginContext;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("hostile-model")
class BubblewrapInteractiveTest {

    @TempDir
    Path workspace;

    private final BubblewrapExecBackend backend = new BubblewrapExecBackend(MapPluginContext.none("exec-bubblewrap"));

    @BeforeAll
    static void bubblewrapWorks() {
        RealBubblewrap.assertWorks();
    }

    private InteractiveProcess start(String script, String marker) throws Exception {
        return backend.startInteractive(new InteractiveRequest(List.of("/bin/sh", "-c", script, marker), workspace,
                Duration.ofSeconds(60), Map.of("GREETING", "hi"), "acme", "s"));
    }

    @Test
    @DisplayName("a program in the sandbox is talked to over pipes: the workspace is its directory, no network")
    void talksOverPipesInTheSandbox() throws Exception {
        try (InteractiveProcess program = start("read line; echo \"$line $GREETING $(pwd) $(hostname)\"", "m")) {
            program.stdin().write("hello\n".getBytes(StandardCharsets.UTF_8));
            program.stdin().flush();

            BufferedReader out = new BufferedReader(new InputStreamReader(program.stdout(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("hello hi /workspace sandbox");
        }
    }

    @Test
    @DisplayName("close ends the sandbox and what the program started in the background")
    void closeEndsTheSandbox() throws Exception {
        String marker = "talon-bwrap-interactive-" + UUID.randomUUID();
        InteractiveProcess program = start("sleep 600 & echo started; wait", marker);
        assertThat(new BufferedReader(new InputStreamReader(program.stdout(), StandardCharsets.UTF_8)).readLine())
                .isEqualTo("started");
        assertThat(withMarker(marker)).isNotEmpty();

        program.close();

        assertThat(program.isAlive()).isFalse();
        assertThat(settled(marker)).isEmpty();
    }

    private static List<ProcessHandle> withMarker(String marker) {
        return ProcessHandle.allProcesses().filter(process -> process.isAlive()
                && process.info().commandLine().orElse("").contains(marker)).toList();
    }

    // signals are delivered asynchronously: a killed process may take a moment to leave the table; a leak stays
    private static List<ProcessHandle> settled(String marker) throws InterruptedException {
        for (int i = 0; i < 50 && !withMarker(marker).isEmpty(); i++) {
            Thread.sleep(100);
        }
        return withMarker(marker);
    }
}
