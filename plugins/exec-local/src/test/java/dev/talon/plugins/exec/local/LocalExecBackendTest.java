package dev.talon.plugins.exec.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.talon.api.ExecRequest;
import dev.talon.api.ExecResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalExecBackendTest {

    private static final Duration GENEROUS = Duration.ofSeconds(20);

    @TempDir
    Path workDir;

    private final LocalExecBackend backend = new LocalExecBackend();

    @BeforeEach
    void resolveWorkDir() throws IOException {
        workDir = workDir.toRealPath();
    }

    @Test
    void idIsLocal() {
        assertThat(backend.id()).isEqualTo("local");
    }

    @Test
    void returnsStdoutAndExitCode() throws InterruptedException {
        ExecResult result = run("echo hello; exit 3", GENEROUS);

        assertThat(result).isEqualTo(new ExecResult("hello\n", "", 3, false));
    }

    @Test
    void outputStillInThePipeWhenTheShellExitsIsKept() throws InterruptedException {
        // a fast command leaving up to a pipe's worth of bytes unread when it exits, many times over
        for (int round = 0; round < 20; round++) {
            ExecResult result = run("head -c 60000 /dev/zero | tr '\\0' x; echo end >&2", GENEROUS);

            assertThat(result.stdout()).as("round " + round).hasSize(60_000);
            assertThat(result.stderr()).as("round " + round).isEqualTo("end\n");
        }
    }

    @Test
    void keepsStderrSeparate() throws InterruptedException {
        ExecResult result = run("echo out; echo err >&2", GENEROUS);

        assertThat(result.stdout()).isEqualTo("out\n");
        assertThat(result.stderr()).isEqualTo("err\n");
        assertThat(result.exitCode()).isZero();
    }

    @Test
    void decodesOutputAsUtf8() throws InterruptedException {
        ExecResult result = run("printf 'h\\303\\251 \\342\\202\\254\\n'", GENEROUS);

        assertThat(result.stdout()).isEqualTo("hé €\n");
    }

    @Test
    void runsInTheWorkDirWhichIsAlsoHome() throws InterruptedException {
        ExecResult result = run("pwd; echo \"$HOME\"", GENEROUS);

        assertThat(result.stdout()).isEqualTo(workDir + "\n" + workDir + "\n");
    }

    @Test
    void commandReadingStdinSeesEndOfInput() throws InterruptedException {
        ExecResult result = run("cat; echo done", Duration.ofSeconds(5));

        assertThat(result).isEqualTo(new ExecResult("done\n", "", 0, false));
    }

    @Test
    void environmentHasOnlyPathHomeLangTermAndTheRequestedVariables() throws InterruptedException {
        Set<String> given = Set.of("PATH", "HOME", "LANG", "TERM", "GREETING");
        Set<String> addedByTheShell = Set.of("PWD", "OLDPWD", "SHLVL", "_");
        Optional<String> platformOnly = System.getenv().keySet().stream()
                .filter(name -> !given.contains(name) && !addedByTheShell.contains(name))
                .findFirst();
        assumeTrue(platformOnly.isPresent(), "the test JVM has a variable of its own to look for");

        ExecResult result = backend.exec(new ExecRequest("env", workDir, GENEROUS, Map.of("GREETING", "hi")));

        Map<String, String> environment = Arrays.stream(result.stdout().split("\n"))
                .map(line -> line.split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0], pair -> pair.length > 1 ? pair[1] : ""));
        assertThat(environment).doesNotContainKey(platformOnly.get());
        assertThat(environment.keySet()).allMatch(name -> given.contains(name) || addedByTheShell.contains(name));
        assertThat(environment)
                .containsEntry("PATH", System.getenv("PATH"))
                .containsEntry("HOME", workDir.toString())
                .containsEntry("LANG", "C.UTF-8")
                .containsEntry("TERM", "dumb")
                .containsEntry("GREETING", "hi");
    }

    @Test
    void commandLeadsItsOwnProcessGroupAndSession() throws InterruptedException {
        // $$ is the shell's pid; ask the shell for its own stat line while it still runs
        ExecResult result = run("cat /proc/$$/stat", GENEROUS);

        String line = result.stdout().strip();
        long shellPid = Long.parseLong(line.substring(0, line.indexOf(' ')));
        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
        assertThat(Long.parseLong(fields[2])).as("process group").isEqualTo(shellPid);
        assertThat(Long.parseLong(fields[3])).as("session").isEqualTo(shellPid);
        assertThat(GroupMembers.stat(ProcessHandle.current().pid()).orElseThrow().processGroup())
                .as("the platform's own group").isNotEqualTo(shellPid);
    }

    @Test
    void timeoutKillsTheWholeGroupAndKeepsTheOutputSoFar() throws Exception {
        long started = System.nanoTime();

        ExecResult result = run("echo $$; sleep 30 & sleep 30", Duration.ofSeconds(1));

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
        assertThat(result.timedOut()).isTrue();
        assertThat(result.exitCode()).isEqualTo(-1);
        long group = Long.parseLong(result.stdout().strip());
        assertThat(GroupMembers.aliveAfterSettling(group)).isEmpty();
    }

    @Test
    void backgroundJobsDoNotOutliveTheCommand() throws Exception {
        long started = System.nanoTime();

        ExecResult result = run("echo $$; sleep 30 > /dev/null 2>&1 & echo started", GENEROUS);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(result.timedOut()).isFalse();
        assertThat(result.exitCode()).isZero();
        long group = Long.parseLong(result.stdout().lines().findFirst().orElseThrow());
        assertThat(GroupMembers.aliveAfterSettling(group)).isEmpty();
    }

    @Test
    void interruptingTheCallerKillsTheGroupAndThrowsInterruptedException() throws Exception {
        Path pidFile = workDir.resolve("pid");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                run("echo $$ > pid.tmp && mv pid.tmp pid; sleep 30 & sleep 30", GENEROUS);
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        long group = awaitPid(pidFile);

        long interrupted = System.nanoTime();
        caller.interrupt();
        caller.join(Duration.ofSeconds(2));

        assertThat(caller.isAlive()).as("caller still waiting 2 s after the interrupt").isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - interrupted)).isLessThan(Duration.ofSeconds(2));
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(GroupMembers.aliveAfterSettling(group)).isEmpty();
    }

    @Test
    void alreadyInterruptedCallerRunsNothing() {
        Thread.currentThread().interrupt();

        assertThatThrownBy(() -> run("touch ran", GENEROUS)).isInstanceOf(InterruptedException.class);
        assertThat(workDir.resolve("ran")).doesNotExist();
    }

    @Test
    void bigOutputIsCappedAtOneMebibytePerStream() throws InterruptedException {
        ExecResult result = run("head -c 5000000 /dev/zero | tr '\\0' a; head -c 3000000 /dev/zero | tr '\\0' b >&2",
                GENEROUS);

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout())
                .startsWith("aaaa")
                .endsWith("a\n... (truncated, " + (5_000_000 - 1_048_576) + " more bytes)")
                .hasSize(1_048_576 + ("\n... (truncated, " + (5_000_000 - 1_048_576) + " more bytes)").length());
        assertThat(result.stderr()).endsWith("b\n... (truncated, " + (3_000_000 - 1_048_576) + " more bytes)");
    }

    @Test
    void noReaderThreadOutlivesTheCall() throws Exception {
        run("echo $$; sleep 30 & sleep 30", Duration.ofMillis(300));
        run("echo hello", GENEROUS);

        // A finished virtual thread leaves the dump a moment after join() returns, so allow a short settle;
        // a leaked reader would stay for the 30 s of its sleep.
        String threads = threadDump();
        for (int attempt = 0; attempt < 20 && threads.contains("exec-local-"); attempt++) {
            Thread.sleep(100);
            threads = threadDump();
        }
        assertThat(threads).contains("\"name\"").doesNotContain("exec-local-");
    }

    // Thread.getAllStackTraces() leaves virtual threads out; the HotSpot JSON dump includes them.
    private String threadDump() throws IOException {
        Path dump = Files.createTempDirectory(workDir, "dump").resolve("threads.json");
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                .dumpThreads(dump.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
        return Files.readString(dump);
    }

    @Test
    void missingWorkDirIsAnUncheckedIoError() {
        Path missing = workDir.resolve("missing");

        assertThatThrownBy(() -> backend.exec(new ExecRequest("true", missing, GENEROUS, Map.of())))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(missing.toString());
    }

    private ExecResult run(String command, Duration timeout) throws InterruptedException {
        return backend.exec(new ExecRequest(command, workDir, timeout, Map.of()));
    }

    private static long awaitPid(Path pidFile) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Files.exists(pidFile)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the command never started");
            }
            Thread.sleep(20);
        }
        return Long.parseLong(Files.readString(pidFile).strip());
    }
}
