package dev.talon.plugins.exec.support;

import dev.talon.api.InteractiveProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A started program as an {@link InteractiveProcess}, for every backend: its standard error drained into a
 * {@link StderrTail}, its lifetime watched, and the backend's way of killing the whole tree (a process group, a
 * sandbox) run on close, at the end of the lifetime and after the program ended by itself (what it left running in
 * the background goes too).
 */
public final class InteractiveProgram implements InteractiveProcess {

    /** How much of standard error is kept for error messages. */
    public static final int STDERR_TAIL_BYTES = 8 * 1024;
    // Once the tree is killed the process ends at once; this only bounds a machine too loaded to reap it.
    private static final long GONE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Process process;
    private final Runnable killTree;
    private final StderrTail stderr;
    private final Thread stderrReader;
    private final AtomicBoolean destroyed = new AtomicBoolean();

    private InteractiveProgram(Process process, Runnable killTree) {
        this.process = process;
        this.killTree = killTree;
        this.stderr = new StderrTail(process.getErrorStream(), STDERR_TAIL_BYTES);
        this.stderrReader = Thread.ofVirtual().name("interactive-stderr-" + process.pid()).start(stderr);
    }

    /**
     * Watches a started program: killed with {@code killTree} (which must kill everything it started) once it ends
     * or once {@code maxLifetime} is over, whichever comes first.
     */
    public static InteractiveProgram watch(Process process, Duration maxLifetime, Runnable killTree) {
        InteractiveProgram program = new InteractiveProgram(process, killTree);
        Thread.ofVirtual().name("interactive-lifetime-" + process.pid()).start(() -> {
            try {
                process.waitFor(maxLifetime.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                // nobody interrupts this thread; kill to be safe
            }
            program.destroy();
        });
        return program;
    }

    @Override
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    @Override
    public InputStream stdout() {
        return process.getInputStream();
    }

    @Override
    public String stderrTail() {
        return stderr.text();
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public OptionalInt exitCode() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    @Override
    public void destroy() {
        if (!destroyed.compareAndSet(false, true)) {
            return;
        }
        killTree.run();
        // Through the handle: Process.destroyForcibly() would also close our ends of the pipes, losing the last
        // words on standard error.
        process.toHandle().destroyForcibly();
        long deadline = System.nanoTime() + GONE_NANOS;
        Uninterruptibly.waitFor(process, deadline);
        Uninterruptibly.join(stderrReader, deadline);
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // the program is gone: a pipe it did not read is no loss
        }
    }
}
