package dev.talon.plugins.exec.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.talon.api.ExecBackend;
import dev.talon.api.ExecRequest;
import dev.talon.api.ExecResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link ExecBackend} must do, whatever its isolation: a backend's test class extends this one and
 * says which backend to run. The commands assume a POSIX shell with coreutils ({@code head}, {@code tr},
 * {@code sleep}, {@code env}) wherever the backend runs them.
 *
 * <p>The workspace is laid out as the platform lays it out ({@code tenants/{tenant}/workspace}) and requests
 * name tenant {@link #TENANT} and session {@link #SESSION}, so backends that key on them see realistic input.
 * Files and directories the tests make in the workspace, as the platform's file tools would, take the owner of
 * the workspace root, as the platform's do: a backend that runs commands as another user than the platform gives
 * that user the root (see {@link #createWorkspace(Path)}).
 */
public abstract class ExecBackendContract {

    /** The tenant the contract's requests run for. */
    protected static final String TENANT = "contract";
    /** The session the contract's requests run for. */
    protected static final String SESSION = "contract-session";

    private static final Duration GENEROUS = Duration.ofSeconds(30);
    // Names a shell or sandbox may set on its own; anything else from the platform's environment is a leak.
    private static final Set<String> COMMON_NAMES = Set.of("PATH", "HOME", "LANG", "LC_ALL", "TERM", "PWD", "OLDPWD",
            "SHLVL", "_", "HOSTNAME", "USER", "LOGNAME", "SHELL", "TZ", "TMPDIR");

    @TempDir
    private Path dataDir;

    private Path workspace;
    private final List<String> markers = new ArrayList<>();

    /** The backend under test; called once per test, it may return the same instance every time. */
    protected abstract ExecBackend backend();

    /** The tenant's workspace for this test: an empty real directory, made by {@link #createWorkspace(Path)}. */
    protected final Path workspace() {
        return workspace;
    }

    /**
     * Makes the empty workspace a test's commands run in, given a fresh temporary directory; by default
     * {@code tenants/contract/workspace} inside it. A backend whose commands see the workspace elsewhere
     * overrides this.
     */
    protected Path createWorkspace(Path tempDir) throws IOException {
        return Files.createDirectories(tempDir.resolve("tenants").resolve(TENANT).resolve("workspace")).toRealPath();
    }

    /**
     * The command lines of live processes that contain {@code marker}; the default reads {@code /proc} of this
     * machine. A backend whose commands run elsewhere overrides this to look where they run.
     */
    protected List<String> processesMentioning(String marker) throws IOException {
        return ProcessTable.commandLinesContaining(marker);
    }

    /** A request in the contract's tenant and session, in {@code workDir} inside the workspace. */
    protected ExecRequest request(String command, Path workDir, Duration timeout, Map<String, String> env) {
        return new ExecRequest(command, workspace, workDir, timeout, env, TENANT, SESSION);
    }

    /** Writes a file as the platform's file tools do: owned like the workspace root. */
    protected final Path platformWrites(Path file, String content) throws IOException {
        Files.writeString(file, content);
        return ownedLikeTheWorkspace(file);
    }

    /** Makes a directory as the platform's file tools do: owned like the workspace root. */
    protected final Path platformMakesDirectory(Path dir) throws IOException {
        return ownedLikeTheWorkspace(Files.createDirectories(dir));
    }

    private Path ownedLikeTheWorkspace(Path path) throws IOException {
        Object uid = Files.getAttribute(workspace, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        Object gid = Files.getAttribute(workspace, "unix:gid", LinkOption.NOFOLLOW_LINKS);
        if (!uid.equals(Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS))
                || !gid.equals(Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS))) {
            Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        }
        return path;
    }

    @BeforeEach
    final void prepareWorkspace() throws IOException {
        workspace = createWorkspace(dataDir);
    }

    // A failed test must not leave a sleeping command behind for the next one (or for days).
    @AfterEach
    final void killLeftovers() throws IOException {
        for (String marker : markers) {
            ProcessTable.kill(marker);
        }
    }

    @Test
    void stdoutAndStderrComeBackSeparately() throws InterruptedException {
        ExecResult result = run("echo out; echo err >&2");

        assertThat(result.stdout()).isEqualTo("out\n");
        assertThat(result.stderr()).isEqualTo("err\n");
        assertThat(result.exitCode()).isZero();
        assertThat(result.timedOut()).isFalse();
    }

    @Test
    void outputIsDecodedAsUtf8() throws InterruptedException {
        ExecResult result = run("printf 'h\\303\\251 \\342\\202\\254\\n'; printf '\\303\\274\\n' >&2");

        assertThat(result.stdout()).isEqualTo("hé €\n");
        assertThat(result.stderr()).isEqualTo("ü\n");
    }

    @Test
    void exitCodeZeroIsReported() throws InterruptedException {
        assertThat(run("true").exitCode()).isZero();
    }

    @Test
    void exitCodeThreeIsReported() throws InterruptedException {
        ExecResult result = run("echo before; exit 3");

        assertThat(result).isEqualTo(new ExecResult("before\n", "", 3, false));
    }

    @Test
    void shellOperatorsWork() throws InterruptedException {
        ExecResult result = run("echo a && echo b | tr a-z A-Z; false || echo c; x=$((2 + 3)); echo \"$x\"");

        assertThat(result.stdout()).isEqualTo("a\nB\nc\n5\n");
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void commandRunsInTheWorkDir() throws Exception {
        platformWrites(workspace.resolve("given.txt"), "from the platform\n");

        ExecResult result = run("cat given.txt && echo made > made.txt");

        assertThat(result.stdout()).isEqualTo("from the platform\n");
        assertThat(result.exitCode()).isZero();
        assertThat(workspace.resolve("made.txt")).hasContent("made");
    }

    @Test
    void workDirMayBeASubdirectoryOfTheWorkspace() throws Exception {
        // tools-shell passes the workspace or a directory inside it (its working_dir argument)
        Path sub = platformMakesDirectory(workspace.resolve("sub"));
        platformWrites(workspace.resolve("top.txt"), "top\n");
        platformWrites(sub.resolve("here.txt"), "here\n");

        ExecResult result = backend().exec(request("cat here.txt ../top.txt && echo made > made.txt", sub, GENEROUS,
                Map.of()));

        assertThat(result.stdout()).isEqualTo("here\ntop\n");
        assertThat(sub.resolve("made.txt")).hasContent("made");
    }

    @Test
    void requestEnvironmentIsPassedToTheCommand() throws InterruptedException {
        ExecResult result = backend().exec(request("echo \"$GREETING, $OTHER\"", workspace, GENEROUS,
                Map.of("GREETING", "hello there", "OTHER", "é")));

        assertThat(result.stdout()).isEqualTo("hello there, é\n");
    }

    @Test
    void platformEnvironmentIsNotPassedOn() throws InterruptedException {
        Set<String> platformOnly = new HashSet<>(System.getenv().keySet());
        platformOnly.removeAll(COMMON_NAMES);
        assertThat(platformOnly).as("the test JVM needs an environment variable of its own to look for").isNotEmpty();

        ExecResult result = run("env");

        Set<String> seen = Arrays.stream(result.stdout().split("\n"))
                .filter(line -> line.indexOf('=') > 0)
                .map(line -> line.substring(0, line.indexOf('=')))
                .collect(Collectors.toSet());
        assertThat(seen).contains("PATH").doesNotContainAnyElementsOf(platformOnly);
    }

    @Test
    void timeoutKillsTheCommandAndEverythingItStarted() throws Exception {
        String marker = marker();
        long started = System.nanoTime();

        ExecResult result = backend().exec(request("echo started; " + marker + " & " + marker, workspace,
                Duration.ofSeconds(1), Map.of()));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
        assertThat(result.timedOut()).isTrue();
        assertThat(result.exitCode()).isEqualTo(-1);
        assertThat(result.stdout()).as("output before the timeout is kept").isEqualTo("started\n");
        assertThat(leftAfterSettling(marker)).isEmpty();
    }

    @Test
    void bigOutputIsCutNotKeptWhole() throws InterruptedException {
        ExecResult result = run("head -c 5000000 /dev/zero | tr '\\0' a; head -c 5000000 /dev/zero | tr '\\0' b >&2");

        assertThat(result.exitCode()).isZero();
        assertThat(result.timedOut()).isFalse();
        assertThat(result.stdout()).startsWith("aaaa").contains("truncated");
        assertThat(result.stdout().length()).as("characters of stdout kept").isLessThan(2_500_000);
        assertThat(result.stderr()).startsWith("bbbb").contains("truncated");
        assertThat(result.stderr().length()).as("characters of stderr kept").isLessThan(2_500_000);
    }

    @Test
    void interruptingTheCallerKillsTheCommandAndThrowsInterruptedException() throws Exception {
        String marker = marker();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                backend().exec(request(marker + " & " + marker, workspace, GENEROUS, Map.of()));
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        awaitProcess(marker);

        long interrupted = System.nanoTime();
        caller.interrupt();
        caller.join(Duration.ofSeconds(2));

        assertThat(caller.isAlive()).as("caller still waiting 2 s after the interrupt").isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - interrupted)).isLessThan(Duration.ofSeconds(2));
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(leftAfterSettling(marker)).isEmpty();
    }

    @Test
    void alreadyInterruptedCallerRunsNothing() {
        Thread.currentThread().interrupt();

        assertThatThrownBy(() -> run("touch ran")).isInstanceOf(InterruptedException.class);
        assertThat(workspace.resolve("ran")).doesNotExist();
    }

    private ExecResult run(String command) throws InterruptedException {
        return backend().exec(request(command, workspace, GENEROUS, Map.of()));
    }

    /**
     * A long sleep with a number no other process uses: its command line ({@code sleep 4823917}) is the marker,
     * so a leftover is found whether or not its shell survived.
     */
    private String marker() {
        String marker = "sleep " + ThreadLocalRandom.current().nextInt(3_000_000, 9_000_000);
        markers.add(marker);
        return marker;
    }

    // Signals are delivered asynchronously and a namespace or pod takes a moment to go: allow two seconds.
    private List<String> leftAfterSettling(String marker) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 2_000_000_000L;
        List<String> left = processesMentioning(marker);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            left = processesMentioning(marker);
        }
        return left;
    }

    private void awaitProcess(String marker) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        // both sleeps run (a shell may exec the last one itself): the command is well under way
        while (processesMentioning(marker).stream().filter(marker::equals).count() < 2) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the command never started: no two processes running '" + marker + "'");
            }
            Thread.sleep(20);
        }
    }
}
