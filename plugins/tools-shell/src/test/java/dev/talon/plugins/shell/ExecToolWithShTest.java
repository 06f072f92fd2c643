package dev.talon.plugins.shell;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.api.Tool;
import dev.talon.api.ToolResult;
import dev.talon.plugintest.FakeToolContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tool end to end with a real shell behind it. */
class ExecToolWithShTest {

    @TempDir
    Path workspace;

    private final Tool exec = new ShellTools().tools().getFirst();

    @Test
    void realCommandShowsStdoutStderrAndExitCodeFromItsWorkingDir() throws IOException {
        Path sub = Files.createDirectories(workspace.toRealPath().resolve("sub"));
        var arguments = new ObjectMapper().createObjectNode()
                .put("command", "pwd; echo oops >&2; exit 3")
                .put("working_dir", "sub");

        ToolResult result = exec.execute(arguments,
                FakeToolContext.in(workspace.toRealPath()).withExecBackend(new ShBackend()).withExecTimeout(Duration.ofSeconds(10)));

        assertThat(result.error()).isFalse();
        assertThat(result.content()).isEqualTo(sub + "\n\nSTDERR:\noops\n\n\nExit code: 3");
    }

    @Test
    void realCommandThatRunsTooLongTimesOut() throws IOException {
        var arguments = new ObjectMapper().createObjectNode().put("command", "echo started; sleep 10");

        ToolResult result = exec.execute(arguments,
                FakeToolContext.in(workspace.toRealPath()).withExecBackend(new ShBackend()).withExecTimeout(Duration.ofMillis(500)));

        assertThat(result.error()).isTrue();
        assertThat(result.content()).isEqualTo("Error: Command timed out after 0.5 seconds\nstarted\n");
    }
}
