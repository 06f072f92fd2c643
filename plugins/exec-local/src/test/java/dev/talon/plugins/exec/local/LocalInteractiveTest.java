package dev.talon.plugins.exec.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.talon.api.InteractiveProcess;
import dev.talon.api.InteractiveRequest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("hostile-model")
class LocalInteractiveTest {

    @TempDir
    Path workspace;

    private final LocalExecBackend backend = new LocalExecBackend();

    private InteractiveProcess start(Duration lifetime, String script) throws Exception {
        return backend.startInteractive(new InteractiveRequest(List.of("sh", "-c", script), workspace, lifetime,
                Map.of("GREETING", "hi"), "t", "s"));
    }

    @Test
    @DisplayName("a program is talked to over stdin/stdout, in the workspace, with a clean environment")
    void talksOverPipes() throws Exception {
        try (InteractiveProcess program = start(Duration.ofSeconds(30),
                "read line; echo \"$line $GREETING $(pwd) ${TALON_ADMIN_KEY:-none}\"; echo oops >&2")) {
            program.stdin().write("hello\n".getBytes(StandardCharsets.UTF_8));
            program.stdin().flush();
            BufferedReader out = new BufferedReader(new InputStreamReader(program.stdout(), StandardCharsets.UTF_8));

            assertThat(out.readLine()).isEqualTo("hello hi " + workspace + " none");
            assertThat(out.readLine()).isNull();
            program.destroy();
            assertThat(program.exitCode()).hasValue(0);
            assertThat(program.stderrTail()).isEqualTo("oops\n");
        }
    }

    @Test
    @DisplayName("close kills the program and what it started in the background")
    void closeKillsTheTree() throws Exception {
        InteractiveProcess program = start(Duration.ofSeconds(30), "sleep 600 & echo $$; wait");
        long group = Long.parseLong(new BufferedReader(new InputStreamReader(program.stdout(), StandardCharsets.UTF_8))
                .readLine());
        assertThat(GroupMembers.alive(group)).hasSize(2);

        program.close();

        assertThat(program.isAlive()).isFalse();
        assertThat(GroupMembers.aliveAfterSettling(group)).isEmpty();
    }

    @Test
    @DisplayName("a program that outlives its lifetime is killed with its tree")
    void lifetimeEndKills() throws Exception {
        try (InteractiveProcess program = start(Duration.ofSeconds(1), "sleep 600 & echo $$; wait")) {
            long group = Long.parseLong(new BufferedReader(new InputStreamReader(program.stdout(),
                    StandardCharsets.UTF_8)).readLine());

            assertThat(program.stdout().read()).isEqualTo(-1); // the pipe ends when the lifetime does

            assertThat(GroupMembers.aliveAfterSettling(group)).isEmpty();
            assertThat(program.isAlive()).isFalse();
        }
    }
}
