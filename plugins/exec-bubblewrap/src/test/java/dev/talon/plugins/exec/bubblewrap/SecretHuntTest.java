package dev.talon.plugins.exec.bubblewrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.talon.api.ExecRequest;
import dev.talon.api.ExecResult;
import dev.talon.plugintest.MapPluginContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets planted where the platform keeps them, hunted for from inside tenant {@code acme}'s sandbox as a hostile
 * model would: the platform's environment (through every process's {@code environ} the sandbox can see), files
 * outside the workspace (another tenant's workspace, the tenant's own sessions, memory and turn logs, the
 * platform's settings, the platform user's home) and a server on the host. The secrets never enter the sandbox's
 * command line: it prints what it can read and the test looks for them in that.
 */
@Tag("hostile-model")
@DisplayName("bubblewrap never exposes the platform's environment, files or network: a secret hunt finds nothing")
class SecretHuntTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    private Path workspace;
    private final List<String> secrets = new ArrayList<>();
    private final List<Path> planted = new ArrayList<>();
    private final List<Path> outsideTheDataDir = new ArrayList<>();

    @BeforeAll
    static void bubblewrapWorks() {
        RealBubblewrap.assertWorks();
    }

    @BeforeEach
    void plantSecrets() throws IOException {
        workspace = Files.createDirectories(dataDir.resolve("tenants/acme/workspace")).toRealPath();
        Path data = dataDir.toRealPath();
        plant(data.resolve("tenants/rival/workspace/notes.txt"));
        plant(data.resolve("tenants/rival/sessions/s9.jsonl"));
        plant(data.resolve("tenants/acme/sessions/s1.jsonl"));
        plant(data.resolve("tenants/acme/memory/MEMORY.md"));
        plant(data.resolve("tenants/acme/turns/t1/log.jsonl"));
        plant(data.resolve("tenants/acme/tool-outputs/t1/call-1.txt"));
        // the platform's own settings, next to where it runs, and its user's home
        outsideTheDataDir.add(plant(Path.of("target", "secret-hunt-" + UUID.randomUUID(), "application.yaml")
                .toAbsolutePath()));
        outsideTheDataDir.add(plant(Path.of(System.getProperty("user.home"), ".talon-secret-hunt-" + UUID.randomUUID())));
    }

    @AfterEach
    void removeThoseOutsideTheDataDir() throws IOException {
        for (Path file : outsideTheDataDir) {
            Files.deleteIfExists(file);
            if (file.getParent().getFileName().toString().startsWith("secret-hunt-")) {
                Files.deleteIfExists(file.getParent());
            }
        }
    }

    @Test
    void theEnvironmentOfEveryProcessInTheSandboxHoldsNoPlatformSecret() throws InterruptedException {
        // set for the test JVM by this module's surefire configuration, as a secret in the platform's env would be
        String platformSecret = System.getenv("TALON_TEST_PLATFORM_SECRET");
        assertThat(platformSecret).as("TALON_TEST_PLATFORM_SECRET in the test JVM's environment").isNotBlank();

        ExecResult result = run("env; echo; for p in 1 self $PPID $$ /proc/[0-9]*; do p=${p#/proc/}; "
                + "echo \"== $p\"; tr '\\0' '\\n' < /proc/$p/environ; tr '\\0' ' ' < /proc/$p/cmdline; echo; done");

        assertThat(result.stdout()).contains("== 1", "== self", "PATH=");
        assertThat(result.stdout() + result.stderr()).doesNotContain(platformSecret)
                .doesNotContain("TALON_TEST_PLATFORM_SECRET");
    }

    @Test
    void noPlantedFileIsReadableAndNoFileTheSandboxCanReadHoldsASecret() throws InterruptedException {
        String tryPlanted = planted.stream().map(path -> "cat '" + path + "'").collect(Collectors.joining("; "));
        // everything readable outside /usr (the system, read-only, too big to dump) and /proc and /sys (below)
        ExecResult result = run(tryPlanted + "; find / \\( -path /proc -o -path /sys -o -path /usr -o -path /dev \\) -prune -o -type f "
                + "-print 2>/dev/null | while read -r f; do grep -aF 'talon-hunt-' \"$f\"; done; "
                + "grep -raF 'talon-hunt-' /proc/self/mountinfo /proc/1/ 2>/dev/null; true");

        String everything = result.stdout() + result.stderr();
        assertThat(everything).as("what the sandbox printed").contains("No such file or directory");
        assertThat(secrets).allSatisfy(secret -> assertThat(everything).doesNotContain(secret));
    }

    @Test
    void aServerOnTheHostHandingOutASecretCannotBeReached() throws Exception {
        String secret = "talon-hunt-network-" + UUID.randomUUID();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try (Socket client = server.accept(); OutputStream out = client.getOutputStream()) {
                        out.write((secret + "\n").getBytes(StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        return; // closed at the end of the test
                    }
                }
            });

            ExecResult result = run("cat /proc/net/dev; bash -c 'cat < /dev/tcp/127.0.0.1/" + server.getLocalPort()
                    + "'; bash -c 'cat < /dev/tcp/" + InetAddress.getLocalHost().getHostAddress() + "/"
                    + server.getLocalPort() + "'");

            assertThat(result.stdout() + result.stderr()).doesNotContain(secret);
            assertThat(result.stdout().lines().filter(line -> line.contains(":")).map(line -> line.split(":")[0].strip()))
                    .as("network interfaces in the sandbox").containsExactly("lo");
        }
    }

    private Path plant(Path file) throws IOException {
        String secret = "talon-hunt-" + UUID.randomUUID();
        Files.createDirectories(file.getParent());
        Files.writeString(file, "token: " + secret + "\n");
        secrets.add(secret);
        planted.add(file);
        return file;
    }

    private ExecResult run(String command) throws InterruptedException {
        return new BubblewrapExecBackend(MapPluginContext.none("exec-bubblewrap"))
                .exec(new ExecRequest(command, workspace, TIMEOUT, Map.of(), "acme", "s1"));
    }
}
