package dev.talon.plugins.exec.agentsandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.talon.api.ExecRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RuntimeCommandTest {

    private static final Path WORKSPACE = Path.of("/data/tenants/acme/workspace");

    private static ExecRequest request(String command, Map<String, String> env) {
        return new ExecRequest(command, WORKSPACE, WORKSPACE.resolve("sub dir"), Duration.ofSeconds(5), env, "acme",
                "s1");
    }

    @Test
    void theRuntimesSplitGivesBackShDashCWithTheCommandIntact() {
        for (String command : List.of("echo hi", "a && b | c; d > e 2>&1", "it's \"quoted\" \\ back\\slash",
                "multi\nline\n\ttabbed", "'", "''", "", "$(whoami) `id` $HOME ~ * ?", "héllo € 😀")) {
            RuntimeCommand runtimeCommand = RuntimeCommand.of(request(command, Map.of()), Optional.empty());

            assertThat(Shlex.split(runtimeCommand.line())).as(command).containsExactly("sh", "-c",
                    RuntimeCommand.SCRIPT, RuntimeCommand.SCRIPT_NAME, "5", runtimeCommand.id(), "", command, "");
        }
    }

    @Test
    void withTheWorkspaceMountedTheWorkDirIsAPathInThePodAndTheSandboxMustBeTheTenants() {
        List<String> words = RuntimeCommand.of(request("pwd", Map.of()), Optional.of("/workspace")).words();

        assertThat(words.get(6)).isEqualTo("/workspace/sub dir");
        assertThat(words.get(8)).isEqualTo("acme");
        assertThat(String.join(" ", words)).doesNotContain(WORKSPACE.toString());
        assertThat(RuntimeCommand.of(request("pwd", Map.of()), Optional.empty()).words().subList(6, 9))
                .containsExactly("", "pwd", "");
    }

    @Test
    void environmentGoesThroughEnvAndBadNamesAreDropped() {
        RuntimeCommand command = RuntimeCommand.of(request("x",
                Map.of("B", "two words", "A", "it's", "NOT-VALID", "x", "1BAD", "y")), Optional.empty());

        assertThat(Shlex.split(command.line())).startsWith("env", "A=it's", "B=two words", "sh", "-c");
    }

    @Test
    void eachCommandHasItsOwnIdAndItsCancelNamesIt() {
        RuntimeCommand one = RuntimeCommand.of(request("x", Map.of()), Optional.empty());
        RuntimeCommand two = RuntimeCommand.of(request("x", Map.of()), Optional.empty());

        assertThat(one.id()).matches("[0-9a-f]{24}").isNotEqualTo(two.id());
        assertThat(Shlex.split(one.cancelLine()))
                .containsExactly("sh", "-c", RuntimeCommand.CANCEL_SCRIPT, RuntimeCommand.SCRIPT_NAME, one.id());
    }

    @Test
    void secondsRoundUpAndAreAtLeastOne() {
        assertThat(RuntimeCommand.seconds(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(RuntimeCommand.seconds(Duration.ZERO)).isEqualTo(1);
        assertThat(RuntimeCommand.seconds(Duration.ofMillis(1500))).isEqualTo(2);
        assertThat(RuntimeCommand.seconds(Duration.ofSeconds(60))).isEqualTo(60);
    }
}
