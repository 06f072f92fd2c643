package dev.talon.plugins.exec.bubblewrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.talon.api.ExecRequest;
import dev.talon.api.ExecResult;
import dev.talon.plugintest.MapPluginContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin's settings, each shown working on a real sandbox. */
class BubblewrapSettingsInEffectTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path workspace;

    @BeforeAll
    static void bubblewrapWorks() {
        RealBubblewrap.assertWorks();
    }

    @BeforeEach
    void resolve() throws IOException {
        workspace = workspace.toRealPath();
    }

    @Test
    void limitsAreSetOnTheCommandsProcesses() throws InterruptedException {
        ExecResult result = run(Map.of("memory-mb", "512", "cpu-seconds", "30", "max-processes", "64"),
                "cat /proc/self/limits", TIMEOUT);

        assertThat(result.stdout())
                .containsPattern("Max cpu time\\s+30\\s+30\\s+seconds")
                .containsPattern("Max processes\\s+64\\s+64\\s+processes")
                .containsPattern("Max address space\\s+536870912\\s+536870912\\s+bytes")
                .containsPattern("Max core file size\\s+0\\s+0\\s+bytes");
    }

    @Test
    void memoryLimitStopsABigAllocation() throws InterruptedException {
        // bash keeps a command substitution's output in memory: 200 MB against a 64 MiB address space
        ExecResult result = run(Map.of("memory-mb", "64"),
                "bash -c 'x=$(head -c 200000000 /dev/zero | tr \"\\0\" a); echo ${#x}'", TIMEOUT);

        assertThat(result.stdout()).doesNotContain("200000000");
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("cannot allocate");
    }

    @Test
    void cpuLimitKillsABusyLoopLongBeforeTheTimeout() throws InterruptedException {
        long started = System.nanoTime();

        ExecResult result = run(Map.of("cpu-seconds", "1"), "while :; do :; done", TIMEOUT);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(result.timedOut()).isFalse();
        assertThat(result.exitCode()).as("128 + SIGKILL").isEqualTo(137);
    }

    @Test
    void tmpIsPrivateAndNoBiggerThanTmpMb() throws InterruptedException {
        ExecResult result = run(Map.of("tmp-mb", "1"),
                "head -c 2000000 /dev/zero > /tmp/big; echo \"exit $?\"; df -k /tmp | tail -1", TIMEOUT);

        assertThat(result.stdout()).contains("exit 1");
        assertThat(result.stderr()).contains("No space left on device");
        assertThat(result.stdout()).containsPattern("tmpfs\\s+1024\\s");
    }

    @Test
    void networkTrueSharesTheHostNetwork() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger accepted = new AtomicInteger();
            Thread.ofVirtual().start(() -> {
                try (Socket ignored = server.accept()) {
                    accepted.incrementAndGet();
                } catch (IOException e) {
                    // closed at the end of the test
                }
            });

            ExecResult result = run(Map.of("network", "true"),
                    "bash -c 'exec 3<>/dev/tcp/127.0.0.1/" + server.getLocalPort() + " && echo connected'", TIMEOUT);

            assertThat(result.stdout()).isEqualTo("connected\n");
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (accepted.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(accepted.get()).isEqualTo(1);
        }
    }

    @Test
    void roBindsAreVisibleButNotWritable(@TempDir Path tools) throws Exception {
        Path realTools = tools.toRealPath();
        // as a tools directory is: readable by everyone, the sandbox's user included (a temp dir is not)
        Files.setPosixFilePermissions(realTools, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(realTools.resolve("tool.txt"), "a tool\n");

        ExecResult result = run(Map.of("ro-binds", realTools.toString()),
                "cat " + realTools.resolve("tool.txt") + "; touch " + realTools.resolve("new.txt"), TIMEOUT);

        assertThat(result.stdout()).isEqualTo("a tool\n");
        assertThat(result.stderr()).contains("Read-only file system");
        assertThat(realTools.resolve("new.txt")).doesNotExist();
    }

    @Test
    void missingBubblewrapIsAClearErrorResultAndRunsNothing() throws InterruptedException {
        ExecResult result = run(Map.of("bwrap", "/nonexistent/bwrap"), "touch ran", TIMEOUT);

        assertThat(result.exitCode()).isEqualTo(127);
        assertThat(result.timedOut()).isFalse();
        assertThat(result.stderr())
                .startsWith("Error: bubblewrap (bwrap) is not installed at /nonexistent/bwrap")
                .contains("apt-get install bubblewrap");
        assertThat(workspace.resolve("ran")).doesNotExist();
    }

    private ExecResult run(Map<String, String> settings, String command, Duration timeout) throws InterruptedException {
        return new BubblewrapExecBackend(new MapPluginContext("exec-bubblewrap", settings))
                .exec(new ExecRequest(command, workspace, timeout, Map.of(), "acme", "s1"));
    }
}
