package dev.talon.plugins.exec.local;

import dev.talon.plugins.exec.support.InteractiveProgram;
import dev.talon.plugins.exec.support.OutputCollector;
import dev.talon.plugins.exec.support.Uninterruptibly;
import dev.talon.api.ExecBackend;
import dev.talon.api.ExecRequest;
import dev.talon.api.ExecResult;
import dev.talon.api.InteractiveProcess;
import dev.talon.api.InteractiveRequest;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.pf4j.Extension;

/**
 * Runs commands on the worker's own machine with {@code setsid sh -c}, in the workspace, with no isolation
 * beyond a clean environment: for trusted tenants only.
 *
 * <p>{@code setsid} makes the shell the leader of a new session and process group whose id is the shell's
 * pid (it forks only when its caller already leads a group, which a process started by Java never does).
 * Everything the command starts stays in that group unless it calls {@code setsid} itself, so killing the
 * group on timeout, on cancellation and after the shell exits leaves no background job behind.
 */
@Extension
public class LocalExecBackend implements ExecBackend {

    /** The most output of each stream kept in memory; the rest is read and dropped. */
    static final int MAX_OUTPUT_BYTES = 1024 * 1024;

    private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    // Once the group is killed the pipes close at once; this only bounds a stray process that left the group
    // (setsid, daemons) and still holds them: its reader is abandoned rather than blocking the tool call.
    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(5);

    public LocalExecBackend() {
        // PF4J instantiates extensions through their public no-argument constructor
    }

    @Override
    public String id() {
        return "local";
    }

    @Override
    public ExecResult exec(ExecRequest request) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("cancelled before the command started");
        }
        Process shell = start(request);
        OutputCollector stdout = new OutputCollector(shell.getInputStream(), MAX_OUTPUT_BYTES);
        OutputCollector stderr = new OutputCollector(shell.getErrorStream(), MAX_OUTPUT_BYTES);
        Thread stdoutReader = Thread.ofVirtual().name("exec-local-stdout-" + shell.pid()).start(stdout);
        Thread stderrReader = Thread.ofVirtual().name("exec-local-stderr-" + shell.pid()).start(stderr);
        boolean finished;
        try {
            finished = shell.waitFor(request.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException cancelled) {
            killAndDrain(shell, stdoutReader, stderrReader);
            throw cancelled;
        }
        // Also after a normal exit: background jobs of the command must not outlive it.
        killAndDrain(shell, stdoutReader, stderrReader);
        return finished
                ? new ExecResult(stdout.text(), stderr.text(), shell.exitValue(), false)
                : new ExecResult(stdout.text(), stderr.text(), -1, true);
    }

    /**
     * Starts the program with {@code setsid} in the workspace root, with the same clean environment as a command:
     * it leads its own process group, which is killed on close, at the end of its lifetime and when it ends.
     */
    @Override
    public InteractiveProcess startInteractive(InteractiveRequest request) throws IOException {
        List<String> command = new ArrayList<>(List.of("setsid", "--")); // a program named "-x" is no option
        command.addAll(request.argv());
        ProcessBuilder builder = new ProcessBuilder(command).directory(request.workspace().toFile());
        environment(builder.environment(), request.workspace(), request.env());
        Process program = builder.start();
        return InteractiveProgram.watch(program, request.maxLifetime(), () -> ProcessGroup.kill(program.pid()));
    }

    private static Process start(ExecRequest request) {
        ProcessBuilder builder = new ProcessBuilder("setsid", "sh", "-c", request.command())
                .directory(request.workDir().toFile())
                .redirectInput(new File("/dev/null"));
        environment(builder.environment(), request.workDir(), request.env());
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run a command in " + request.workDir() + ": " + e.getMessage(), e);
        }
    }

    // Nothing from the platform's environment but PATH: it may hold API keys and other secrets.
    private static void environment(Map<String, String> environment, Path home, Map<String, String> extra) {
        String path = System.getenv("PATH");
        environment.clear();
        environment.put("PATH", path == null || path.isBlank() ? DEFAULT_PATH : path);
        environment.put("HOME", home.toString());
        environment.put("LANG", "C.UTF-8");
        environment.put("TERM", "dumb");
        environment.putAll(extra);
    }

    // The shell's pid is the group id. After the shell has exited and been reaped, its pid stays reserved
    // while any member of its group lives; only when the group is empty could a wrapped-around pid be
    // reused, and a reused pid leads a group only if it made one itself - a window of microseconds.
    private static void killAndDrain(Process shell, Thread... readers) {
        ProcessGroup.kill(shell.pid());
        // Covers the instant before setsid() ran in the child, when there is no group to kill yet. Through the
        // handle: Process.destroyForcibly() also closes our ends of the pipes, losing output not yet read.
        shell.toHandle().destroyForcibly();
        long deadline = System.nanoTime() + DRAIN_NANOS;
        Uninterruptibly.waitFor(shell, deadline);
        for (Thread reader : readers) {
            Uninterruptibly.join(reader, deadline);
        }
    }
}
