package dev.talon.plugins.shell;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.talon.api.ExecBackend;
import dev.talon.api.ExecRequest;
import dev.talon.api.Tool;
import dev.talon.api.ToolResult;
import dev.talon.plugintest.FakeToolContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExecToolTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path root;

    Path workspace;
    Tool exec;

    @BeforeEach
    void setUp() throws IOException {
        workspace = Files.createDirectories(root.resolve("ws")).toRealPath();
        exec = new ShellTools().tools().getFirst();
    }

    @Test
    void offersExecWhichNeedsAnExecBackend() {
        assertThat(exec.spec().name()).isEqualTo("exec");
        assertThat(exec.requiresExec()).isTrue();
        JsonNode schema = exec.spec().parametersSchema();
        assertThat(schema.get("type").asText()).isEqualTo("object");
        assertThat(schema.get("properties").has("working_dir")).isTrue();
        assertThat(schema.get("required")).extracting(JsonNode::asText).containsExactly("command");
    }

    @Test
    void runsTheCommandInTheWorkspaceWithTheTenantTimeout() {
        RecordingBackend backend = RecordingBackend.answering("hi\n", "", 0);

        run(backend, "command", "echo hi");

        assertThat(backend.requests).singleElement().satisfies(request -> {
            assertThat(request.command()).isEqualTo("echo hi");
            assertThat(request.workDir()).isEqualTo(workspace);
            assertThat(request.timeout()).isEqualTo(TIMEOUT);
        });
    }

    @Test
    void workingDirIsAPathInsideTheWorkspace() throws IOException {
        Files.createDirectories(workspace.resolve("src/app"));
        RecordingBackend backend = RecordingBackend.answering("", "", 0);

        run(backend, "command", "ls", "working_dir", "./src//app/.");

        assertThat(backend.requests).singleElement().satisfies(request -> {
            assertThat(request.workspace()).isEqualTo(workspace);
            assertThat(request.workDir()).isEqualTo(workspace.resolve("src/app"));
        });
    }

    @Test
    void workingDirThatLeavesTheWorkspaceLexicallyIsRefusedWithoutRunningAnything() throws IOException {
        Path outside = Files.createDirectories(root.resolve("outside"));
        RecordingBackend backend = RecordingBackend.answering("", "", 0);

        for (String workingDir : new String[] {"..", "../outside", "src/../..", "src/../app", outside.toString(), "/",
                "//etc"}) {
            ToolResult result = run(backend, "command", "ls", "working_dir", workingDir);
            assertThat(result.error()).as(workingDir).isTrue();
            assertThat(result.content()).as(workingDir).startsWith("Error: working_dir");
        }
        assertThat(backend.requests).isEmpty();
    }

    @Test
    @Tag("hostile-model")
    @DisplayName("working_dir race: the tool hands the backend the workspace root and an unresolved path in it, "
            + "never what a tenant-writable link resolved to")
    void workingDirIsNeverResolvedOnTheHost() throws IOException {
        // what a racing command makes of a directory: a link, here to a sibling, just as well to a host directory
        Files.createDirectories(workspace.resolve("real"));
        Files.createSymbolicLink(workspace.resolve("swapped"), workspace.resolve("real"));
        RecordingBackend backend = RecordingBackend.answering("", "", 0);

        run(backend, "command", "ls", "working_dir", "swapped");
        run(backend, "command", "ls", "working_dir", "not/made/yet");

        assertThat(backend.requests).extracting(ExecRequest::workspace).containsOnly(workspace);
        assertThat(backend.requests).extracting(ExecRequest::relativeWorkDir)
                .containsExactly(Path.of("swapped"), Path.of("not/made/yet"));
    }

    @Test
    void missingCommandIsAnErrorNamingIt() {
        ToolResult result = runJson(RecordingBackend.answering("", "", 0), "{}");

        assertThat(result.error()).isTrue();
        assertThat(result.content()).isEqualTo("Error: Missing required argument: command");
    }

    @Test
    void wronglyTypedCommandIsAnErrorNamingIt() {
        ToolResult result = runJson(RecordingBackend.answering("", "", 0), "{\"command\": [\"ls\"]}");

        assertThat(result.error()).isTrue();
        assertThat(result.content()).startsWith("Error: Argument 'command' must be a string");
    }

    @Test
    void showsStdoutThenTheExitCode() {
        ToolResult result = run(RecordingBackend.answering("hi\n", "", 0), "command", "echo hi");

        assertThat(result.error()).isFalse();
        // nanobot joins stdout and "\nExit code: N" with a newline, hence the blank lines
        assertThat(result.content()).isEqualTo("hi\n\n\nExit code: 0");
    }

    @Test
    void showsStderrInItsOwnBlockBeforeTheExitCode() {
        ToolResult result = run(RecordingBackend.answering("out\n", "err\n", 2), "command", "make");

        assertThat(result.error()).isFalse();
        assertThat(result.content()).isEqualTo("out\n\nSTDERR:\nerr\n\n\nExit code: 2");
    }

    @Test
    void blankStderrIsLeftOut() {
        ToolResult result = run(RecordingBackend.answering("", " \n", 0), "command", "true");

        assertThat(result.content()).isEqualTo("\nExit code: 0");
    }

    @Test
    void longOutputIsPassedWholeForThePlatformToCutByTheTenantsLimit() {
        ToolResult result = run(RecordingBackend.answering("x".repeat(50_000), "", 0), "command", "yes");

        assertThat(result.content()).isEqualTo("x".repeat(50_000) + "\n\nExit code: 0");
    }

    @Test
    void timeoutIsAnErrorWithTheOutputSoFar() {
        ToolResult result = run(RecordingBackend.timingOut("partial\n", "warn\n"), "command", "sleep 100");

        assertThat(result.error()).isTrue();
        assertThat(result.content())
                .isEqualTo("Error: Command timed out after 30 seconds\npartial\n\nSTDERR:\nwarn\n");
    }

    @Test
    void timeoutWithoutOutputIsJustTheError() {
        ToolResult result = run(RecordingBackend.timingOut("", ""), "command", "sleep 100");

        assertThat(result.content()).isEqualTo("Error: Command timed out after 30 seconds");
    }

    @Test
    void disabledExecIsAnError() {
        ToolResult result = exec.execute(arguments("command", "ls"),
                FakeToolContext.in(workspace).withExecTimeout(TIMEOUT));

        assertThat(result.error()).isTrue();
        assertThat(result.content()).isEqualTo("Error: exec is disabled for this tenant");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "rm -rf /", "rm -r build", "rm -f notes.md", "RM -RF ~", "rm -fr .", "rm -v -Rf x", "rm --recursive x",
            "cd /tmp && rm -rf *", "find . | xargs rm -f", "mkfs.ext4 /dev/sda1", "dd if=/dev/zero of=/dev/sda",
            "echo x > /dev/sda", "shutdown -h now", "sudo reboot", "poweroff", ":(){ :|:& };:"})
    void dangerousCommandIsBlockedWithoutRunning(String command) {
        RecordingBackend backend = RecordingBackend.answering("", "", 0);

        ToolResult result = run(backend, "command", command);

        assertThat(result.error()).isTrue();
        assertThat(result.content()).startsWith("Error: Command blocked by the safety guard");
        assertThat(backend.requests).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"rm notes.md", "ls -rf", "git status && ls -f", "npm run format", "echo rm", "cat firmware.bin"})
    void ordinaryCommandIsNotBlocked(String command) {
        RecordingBackend backend = RecordingBackend.answering("", "", 0);

        ToolResult result = run(backend, "command", command);

        assertThat(result.error()).as(result.content()).isFalse();
        assertThat(backend.requests).hasSize(1);
    }

    @Test
    void interruptedBackendIsACancelledCommandAndKeepsTheInterruptFlag() {
        ToolResult result = run(RecordingBackend.interrupted(), "command", "sleep 100");

        boolean interrupted = Thread.interrupted(); // also clears it for the next test
        assertThat(result.error()).isTrue();
        assertThat(result.content()).isEqualTo("Error: Command cancelled");
        assertThat(interrupted).isTrue();
    }

    @Test
    void backendFailureIsAnErrorWithItsMessage() {
        ToolResult result = run(RecordingBackend.crashing(), "command", "ls");

        assertThat(result.error()).isTrue();
        assertThat(result.content()).isEqualTo("Error executing command: cannot start sh");
    }

    private ToolResult run(ExecBackend backend, String... namesAndValues) {
        return exec.execute(arguments(namesAndValues), FakeToolContext.in(workspace).withExecBackend(backend).withExecTimeout(TIMEOUT));
    }

    private ToolResult runJson(ExecBackend backend, String json) {
        try {
            return exec.execute(JSON.readTree(json), FakeToolContext.in(workspace).withExecBackend(backend).withExecTimeout(TIMEOUT));
        } catch (IOException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    private static JsonNode arguments(String... namesAndValues) {
        ObjectNode arguments = JSON.createObjectNode();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            arguments.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return arguments;
    }
}
