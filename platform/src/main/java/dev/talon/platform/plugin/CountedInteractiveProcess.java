package dev.talon.platform.plugin;

import dev.talon.api.InteractiveProcess;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;

/** A program started by a counted exec backend: its call ends (once) when the program is destroyed. */
final class CountedInteractiveProcess implements InteractiveProcess {

    private final InteractiveProcess process;
    private final InFlightCalls calls;
    private final AtomicBoolean ended = new AtomicBoolean();

    CountedInteractiveProcess(InteractiveProcess process, InFlightCalls calls) {
        this.process = process;
        this.calls = calls;
    }

    @Override
    public OutputStream stdin() {
        return process.stdin();
    }

    @Override
    public InputStream stdout() {
        return process.stdout();
    }

    @Override
    public String stderrTail() {
        return process.stderrTail();
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public OptionalInt exitCode() {
        return process.exitCode();
    }

    @Override
    public void destroy() {
        try {
            process.destroy();
        } finally {
            if (ended.compareAndSet(false, true)) {
                calls.exit();
            }
        }
    }
}
