package dev.talon.plugins.exec.bubblewrap;

import dev.talon.plugins.exec.support.InteractiveProgram;
import dev.talon.plugins.exec.support.OutputCollector;
import dev.talon.plugins.exec.support.Uninterruptibly;
import dev.talon.api.ExecBackend;
import dev.talon.api.ExecRequest;
import dev.talon.api.ExecResult;
import dev.talon.api.InteractiveProcess;
import dev.talon.api.InteractiveRequest;
import dev.talon.api.PluginContext;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.pf4j.Extension;

/**
 * Runs each command in its own <a href="https://github.com/containers/bubblewrap">bubblewrap</a> sandbox (see
 * {@link SandboxCommand} for what it shows): the system read-only, the tenant's workspace root the only writable
 * host directory, an empty network namespace unless the plugin's {@code network} setting is true, its own PID
 * namespace, a clean environment, and per-process limits set with {@code prlimit} inside the sandbox. When the
 * platform runs as root, the sandbox runs as the tenant's uid from {@code uid-range} (see {@link RootHandoff}),
 * never as root.
 *
 * <p>Killing is simple because of the PID namespace: bwrap's first child is the namespace's init, and when it
 * dies the kernel kills everything else in the namespace, background jobs and daemons included. It dies when
 * the command ends, and when bwrap is killed ({@code --die-with-parent}, also when the worker itself dies).
 */
@Extension
public class BubblewrapExecBackend implements ExecBackend {

    /** The most output of each stream kept in memory; the rest is read and dropped. */
    static final int MAX_OUTPUT_BYTES = 1024 * 1024;

    /** The exit code of a command that could not start because the sandbox is not installed, as a shell says it. */
    static final int NOT_INSTALLED = 127;

    // Once the sandbox is gone the pipes close at once; this only bounds an unexpected holder of them.
    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final SandboxSettings settings;
    private final System.Logger log;
    private final boolean platformIsRoot = HostUser.isRoot();

    public BubblewrapExecBackend(PluginContext context) {
        this(SandboxSettings.from(context), context.logger());
    }

    BubblewrapExecBackend(SandboxSettings settings, System.Logger log) {
        this.settings = settings;
        this.log = log;
    }

    @Override
    public String id() {
        return "bubblewrap";
    }

    @Override
    public ExecResult exec(ExecRequest request) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("cancelled before the command started");
        }
        List<String> command;
        try {
            command = sandboxed(request.tenant(), request.workspace(), request.relativeWorkDir(), request.env(),
                    List.of("/bin/sh", "-c", request.command()));
        } catch (NotInstalled missing) {
            return notInstalled(missing.getMessage());
        }
        Process sandbox = start(command, Redirect.from(new File("/dev/null")));
        OutputCollector stdout = new OutputCollector(sandbox.getInputStream(), MAX_OUTPUT_BYTES);
        OutputCollector stderr = new OutputCollector(sandbox.getErrorStream(), MAX_OUTPUT_BYTES);
        Thread stdoutReader = Thread.ofVirtual().name("exec-bubblewrap-stdout-" + sandbox.pid()).start(stdout);
        Thread stderrReader = Thread.ofVirtual().name("exec-bubblewrap-stderr-" + sandbox.pid()).start(stderr);
        boolean finished;
        try {
            finished = sandbox.waitFor(request.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException cancelled) {
            killAndDrain(sandbox, stdoutReader, stderrReader);
            throw cancelled;
        }
        killAndDrain(sandbox, stdoutReader, stderrReader);
        return finished
                ? new ExecResult(stdout.text(), stderr.text(), sandbox.exitValue(), false)
                : new ExecResult(stdout.text(), stderr.text(), -1, true);
    }

    /**
     * Starts the program in a sandbox of its own, like a command's (the workspace root as its directory), with its
     * standard input a pipe. Killing bwrap ends the sandbox and all in it, as for a command.
     */
    @Override
    public InteractiveProcess startInteractive(InteractiveRequest request) throws IOException {
        List<String> command;
        try {
            command = sandboxed(request.tenant(), request.workspace(), Path.of(""), request.env(), request.argv());
        } catch (NotInstalled missing) {
            log.log(System.Logger.Level.ERROR, missing.getMessage());
            throw new IOException(missing.getMessage());
        }
        Process sandbox = start(command, Redirect.PIPE);
        return InteractiveProgram.watch(sandbox, request.maxLifetime(), () -> killTree(sandbox.toHandle()));
    }

    /** A program needed to build the sandbox is missing; the message says what to install. */
    private static final class NotInstalled extends Exception {
        NotInstalled(String message) {
            super(message, null, false, false);
        }
    }

    private List<String> sandboxed(String tenant, Path workspace, Path workDir, Map<String, String> env,
                                   List<String> program) throws NotInstalled {
        Optional<Path> bwrap = Executables.bwrap(settings.bwrap());
        if (bwrap.isEmpty()) {
            throw new NotInstalled("bubblewrap (bwrap) is not installed"
                    + settings.bwrap().map(p -> " at " + p).orElse("")
                    + ", so the sandbox cannot start. Install it (Debian/Ubuntu: apt-get install bubblewrap; or run "
                    + "bin/talon setup as root) or give this tenant another exec backend.");
        }
        Optional<Path> prlimit = Executables.prlimit();
        if (prlimit.isEmpty()) {
            throw new NotInstalled("prlimit (util-linux) is not installed in /usr/bin, so the sandbox cannot set its "
                    + "limits. Install util-linux or give this tenant another exec backend.");
        }
        if (!platformIsRoot) {
            WorkspaceRoot.check(workspace);
            return SandboxCommand.of(settings, bwrap.get(), prlimit.get(), workspace, workDir, env, program);
        }
        Optional<RootHandoff.Programs> handoff = RootHandoff.programs();
        if (handoff.isEmpty()) {
            throw new NotInstalled("unshare, setpriv and mount (util-linux) are needed in /usr/bin to run the "
                    + "sandbox as an unprivileged user while the platform runs as root. Install util-linux and "
                    + "mount, run the platform as an unprivileged user, or give this tenant another exec backend.");
        }
        // The platform is root: the sandbox runs as the tenant's uid, which owns the workspace root.
        int uid = settings.uids().uidFor(tenant);
        WorkspaceRoot.ownBy(workspace, uid);
        RootHandoff.prepareDirectory();
        return RootHandoff.of(handoff.get(), workspace, uid, SandboxCommand.of(settings, bwrap.get(), prlimit.get(),
                RootHandoff.DIRECTORY, workDir, env, program));
    }

    @Override
    public void prepareWorkspace(String tenant, Path workspace) {
        if (platformIsRoot) {
            WorkspaceRoot.ownBy(workspace, settings.uids().uidFor(tenant));
        }
    }

    private ExecResult notInstalled(String message) {
        log.log(System.Logger.Level.ERROR, message);
        return new ExecResult("", "Error: " + message + "\n", NOT_INSTALLED, false);
    }

    // Started in /, not in the workspace: no path below the workspace root is ever looked up on the host.
    private static Process start(List<String> command, Redirect input) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(new File("/"))
                .redirectInput(input);
        // bwrap needs no environment, and the sandbox's init (bwrap itself) keeps the one it was given, readable
        // in /proc/1/environ inside: --clearenv only cleans the command's. So bwrap gets none of the platform's.
        builder.environment().clear();
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start bwrap: " + e.getMessage(), e);
        }
    }

    // Killing bwrap is enough (its init child dies with it, and the namespace with the init); the snapshot of
    // descendants is taken first and killed too, in case a kernel or bwrap version behaves otherwise. Through the
    // handle: Process.destroyForcibly() also closes our ends of the pipes, losing unread output.
    private static void killTree(ProcessHandle bwrap) {
        List<ProcessHandle> tree = bwrap.descendants().toList();
        bwrap.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
    }

    private static void killAndDrain(Process sandbox, Thread... readers) {
        killTree(sandbox.toHandle());
        long deadline = System.nanoTime() + DRAIN_NANOS;
        Uninterruptibly.waitFor(sandbox, deadline);
        for (Thread reader : readers) {
            Uninterruptibly.join(reader, deadline);
        }
    }
}
