package dev.talon.plugins.exec.bubblewrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.talon.api.ExecRequest;
import dev.talon.api.ExecResult;
import dev.talon.plugintest.MapPluginContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing in the sandbox is root, also when the platform is (as in CI): what a command leaves in the workspace
 * cannot be a setuid-root program on the host, and the per-sandbox process limit holds.
 */
@Tag("hostile-model")
class NoRootInsideTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int S_ISUID = 04000;

    @TempDir
    Path dataDir;

    private Path workspace;

    @BeforeAll
    static void bubblewrapWorks() {
        RealBubblewrap.assertWorks();
    }

    @BeforeEach
    void createWorkspace() throws IOException {
        workspace = Files.createDirectories(dataDir.resolve("tenants/acme/workspace")).toRealPath();
    }

    @Test
    @DisplayName("setuid files: a program copied and made setuid in the sandbox is neither root's nor setuid-root "
            + "on the host, and nothing in the workspace belongs to root")
    void aSetuidProgramMadeInTheSandboxIsNotRootsOnTheHost() throws Exception {
        ExecResult result = run(Map.of(), "cp /usr/bin/dash x && chmod 4755 x && mkdir d && cp x d/y "
                + "&& chmod 4755 d/y && ls -ln x d/y && id -u");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(workspace.resolve("d/y")).as("the command ran").exists();
        List<String> rootOwned;
        List<String> setuidRoot;
        try (Stream<Path> paths = Files.walk(workspace)) {
            List<Path> all = paths.toList();
            rootOwned = all.stream().filter(path -> uid(path) == 0).map(Path::toString).toList();
            setuidRoot = all.stream().filter(path -> uid(path) == 0 && (mode(path) & S_ISUID) != 0)
                    .map(Path::toString).toList();
        }
        assertThat(setuidRoot).as("setuid-root files in the host workspace").isEmpty();
        assertThat(rootOwned).as("files in the host workspace that belong to root").isEmpty();
        assertThat(result.stdout().lines().toList().getLast()).as("the command's uid").isNotEqualTo("0");
    }

    @Test
    @DisplayName("no root inside: the process limit holds against a fork bomb when the platform runs as root")
    void theProcessLimitHoldsEvenWhenThePlatformIsRoot() throws InterruptedException {
        ExecResult result = run(Map.of("max-processes", "8"),
                "for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do sleep 5 & done; wait; echo all started");

        assertThat(result.stdout()).doesNotContain("all started");
        assertThat(result.stderr()).contains("Cannot fork");
    }

    private ExecResult run(Map<String, String> settings, String command) throws InterruptedException {
        return new BubblewrapExecBackend(new MapPluginContext("exec-bubblewrap", settings))
                .exec(new ExecRequest(command, workspace, TIMEOUT, Map.of(), "acme", "s1"));
    }

    private static int uid(Path path) {
        return (Integer) attribute(path, "unix:uid");
    }

    private static int mode(Path path) {
        return (Integer) attribute(path, "unix:mode");
    }

    private static Object attribute(Path path, String name) {
        try {
            return Files.getAttribute(path, name, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
