package dev.talon.plugins.exec.bubblewrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.talon.api.ExecRequest;
import dev.talon.api.ExecResult;
import dev.talon.plugintest.MapPluginContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a command in the sandbox must not be able to do, tried for real. Tenant {@code acme} runs the commands;
 * tenant {@code rival} has a workspace next to it, laid out as the platform lays them out.
 */
class BubblewrapEscapeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String SECRET = "rival-secret-" + UUID.randomUUID();

    @TempDir
    Path dataDir;

    private Path workspace;
    private Path rivalWorkspace;
    private final BubblewrapExecBackend backend = new BubblewrapExecBackend(MapPluginContext.none("exec-bubblewrap"));

    @BeforeAll
    static void bubblewrapWorks() {
        RealBubblewrap.assertWorks();
    }

    @BeforeEach
    void createWorkspaces() throws IOException {
        workspace = Files.createDirectories(dataDir.resolve("tenants/acme/workspace")).toRealPath();
        rivalWorkspace = Files.createDirectories(dataDir.resolve("tenants/rival/workspace")).toRealPath();
        Files.writeString(rivalWorkspace.resolve("secret.txt"), SECRET);
    }

    @Test
    void echoIntoTheWorkspaceLandsThereAndTouchInTmpLeavesNothingOnTheHost() throws Exception {
        // the "echo hi > inside.txt; touch /tmp/escape", with a name no other test on this host uses
        Path escape = Path.of("/tmp/escape-" + UUID.randomUUID());

        ExecResult result = run("echo hi > inside.txt; touch " + escape);

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(workspace.resolve("inside.txt")).hasContent("hi");
        try (Stream<Path> files = Files.list(workspace)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("inside.txt");
        }
        assertThat(escape).doesNotExist();
    }

    @Test
    void writingToTheSystemOrNextToTheWorkspaceFails() throws Exception {
        String name = "escape-" + UUID.randomUUID();
        byte[] passwd = Files.readAllBytes(Path.of("/etc/passwd"));

        ExecResult result = run("touch /usr/" + name + "; echo intruder >> /etc/passwd; touch ../" + name
                + "; touch /" + name + "; touch " + rivalWorkspace.resolve(name));

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("Read-only file system");
        assertThat(Path.of("/usr", name)).doesNotExist();
        assertThat(Path.of("/", name)).doesNotExist();
        assertThat(workspace.resolveSibling(name)).doesNotExist();
        assertThat(rivalWorkspace.resolve(name)).doesNotExist();
        assertThat(Files.readAllBytes(Path.of("/etc/passwd"))).isEqualTo(passwd);
    }

    @Test
    void anotherTenantsWorkspaceIsInvisible() throws InterruptedException {
        ExecResult result = run("cat ../../rival/workspace/secret.txt; cat " + rivalWorkspace.resolve("secret.txt")
                + "; ls -a ../.. " + rivalWorkspace + "; grep -r rival-secret /tmp /etc 2>/dev/null");

        assertThat(result.stdout() + result.stderr()).doesNotContain(SECRET);
        assertThat(result.stderr()).contains("No such file or directory");
    }

    @Test
    void aServerOnTheHostsLoopbackCannotBeReached() throws Exception {
        assertThat(Path.of("/usr/bin/bash")).as("bash, for /dev/tcp").isExecutable();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger accepted = acceptInBackground(server);

            ExecResult result = run("bash -c 'exec 3<>/dev/tcp/127.0.0.1/" + server.getLocalPort()
                    + " && echo connected'");

            assertThat(result.stdout()).doesNotContain("connected");
            assertThat(result.exitCode()).isNotZero();
            assertThat(result.stderr()).contains("Connection refused");
            assertThat(accepted.get()).isZero();
        }
    }

    @Test
    void theHostsOtherAddressesCannotBeReachedEither() throws Exception {
        Optional<InetAddress> hostAddress = NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> address.getAddress().length == 4 && !address.isLoopbackAddress())
                .findFirst();
        // a host without one (a container with --network none) has nothing else to reach
        assumeTrue(hostAddress.isPresent(), "this machine has a non-loopback IPv4 address");
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))) {
            AtomicInteger accepted = acceptInBackground(server);

            ExecResult result = run("bash -c 'exec 3<>/dev/tcp/" + hostAddress.get().getHostAddress() + "/"
                    + server.getLocalPort() + " && echo connected'");

            assertThat(result.stdout()).doesNotContain("connected");
            assertThat(result.stderr()).contains("Network is unreachable");
            assertThat(accepted.get()).isZero();
        }
    }

    @Test
    void thePlatformsEnvironmentIsNotReadableAnywhereInTheSandbox() throws InterruptedException {
        // set for the test JVM by this module's surefire configuration, as a secret in the platform's env would be
        String secret = System.getenv("TALON_TEST_PLATFORM_SECRET");
        assertThat(secret).as("TALON_TEST_PLATFORM_SECRET in the test JVM's environment").isNotBlank();

        // /proc/1/environ is bwrap's own environment, which --clearenv does not clean
        ExecResult result = run("env; cat /proc/[0-9]*/environ | tr '\\0' '\\n'");

        assertThat(result.stdout()).contains("PATH=").doesNotContain(secret).doesNotContain("TALON_TEST_PLATFORM_SECRET");
    }

    @Test
    void environmentHoldsOnlyTheSandboxsVariablesAndTheRequestedOnes() throws InterruptedException {
        ExecResult result = backend.exec(new ExecRequest("env", workspace, TIMEOUT, Map.of("GREETING", "hi"),
                "acme", "s1"));

        Map<String, String> environment = Arrays.stream(result.stdout().split("\n"))
                .map(line -> line.split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0], pair -> pair.length > 1 ? pair[1] : ""));
        assertThat(environment.keySet()).isSubsetOf(Set.of("PATH", "HOME", "LANG", "TERM", "GREETING",
                "PWD", "OLDPWD", "SHLVL", "_"));
        assertThat(environment)
                .containsEntry("PATH", SandboxCommand.PATH)
                .containsEntry("HOME", "/workspace")
                .containsEntry("LANG", "C.UTF-8")
                .containsEntry("GREETING", "hi");
    }

    @Test
    void sensitiveHostFilesAreNotThere() throws InterruptedException {
        List<String> present = Stream.of("/etc/shadow", "/etc/gshadow", "/root", "/home", "/var", "/opt", "/run",
                        "/sys", "/etc/npmrc", "/etc/pip.conf", "/etc/gitconfig", "/etc/environment")
                .filter(path -> Files.exists(Path.of(path)))
                .toList();
        assertThat(present).as("sensitive paths on this host to look for").contains("/etc/shadow");

        ExecResult result = run(present.stream().map(path -> "test -e " + path + " && echo visible: " + path)
                .collect(Collectors.joining("; ")) + "; true");

        assertThat(result.stdout()).doesNotContain("visible:");
    }

    @Test
    void commandsRunInTheirOwnPidNamespace() throws InterruptedException {
        ExecResult result = run("for p in /proc/[0-9]*; do echo \"${p#/proc/} $(tr '\\0' ' ' < $p/cmdline)\"; done");

        List<String> processes = result.stdout().lines().toList();
        assertThat(processes).as("bwrap's init, prlimit's shell and the loop's own").hasSizeLessThanOrEqualTo(6);
        assertThat(result.stdout()).doesNotContain("surefire");
        assertThat(processes).as("bwrap is the init").anyMatch(line -> line.startsWith("1 ") && line.contains("bwrap"));
    }

    @Test
    void theCommandHasNoCapabilitiesAndCannotMakeUserNamespaces() throws InterruptedException {
        ExecResult result = run("grep -E '^Cap(Eff|Prm|Bnd):' /proc/self/status; unshare --user true && echo nested");

        assertThat(result.stdout()).contains("CapEff:\t0000000000000000", "CapPrm:\t0000000000000000",
                "CapBnd:\t0000000000000000").doesNotContain("nested");
    }

    @Test
    void hostnameIsSandbox() throws InterruptedException {
        assertThat(run("cat /proc/sys/kernel/hostname").stdout()).isEqualTo("sandbox\n");
    }

    @Test
    void backgroundJobsDoNotOutliveTheCommand() throws Exception {
        String marker = "sleep " + (3_000_000 + (int) (Math.random() * 6_000_000));
        long started = System.nanoTime();

        ExecResult result = run(marker + " > /dev/null 2>&1 & echo started");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(result.stdout()).isEqualTo("started\n");
        assertThat(result.exitCode()).isZero();
        assertThat(processesMentioning(marker)).isEmpty();
    }

    private ExecResult run(String command) throws InterruptedException {
        return backend.exec(new ExecRequest(command, workspace, TIMEOUT, Map.of(), "acme", "s1"));
    }

    private static AtomicInteger acceptInBackground(ServerSocket server) {
        AtomicInteger accepted = new AtomicInteger();
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try (Socket ignored = server.accept()) {
                    accepted.incrementAndGet();
                } catch (IOException e) {
                    return; // closed at the end of the test
                }
            }
        });
        return accepted;
    }

    private static List<ProcessHandle> processesMentioning(String marker) {
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().commandLine().orElse("").contains(marker))
                .toList();
    }
}
