package dev.talon.platform.plugin;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The calls running in one loaded plugin version. Its class loader may only be closed when none run; once
 * closed, new calls are refused with a clear error instead of failing somewhere inside a closed class loader.
 */
final class InFlightCalls {

    private static final int CLOSED = -1;

    private final AtomicInteger running = new AtomicInteger();
    private final String plugin;

    InFlightCalls(String plugin) {
        this.plugin = plugin;
    }

    void enter() {
        while (true) {
            int now = running.get();
            if (now == CLOSED) {
                throw new IllegalStateException("plugin " + plugin + " was unloaded; the call did not run "
                        + "(a retry uses the version loaded now)");
            }
            if (running.compareAndSet(now, now + 1)) {
                return;
            }
        }
    }

    void exit() {
        running.decrementAndGet();
    }

    /** Closes the door if no call runs: true when it did, and from then on {@link #enter} refuses. */
    boolean closeIfIdle() {
        return running.compareAndSet(0, CLOSED);
    }

    /** Closes the door even with calls running: at shutdown only. */
    void close() {
        running.set(CLOSED);
    }

    int running() {
        return Math.max(0, running.get());
    }
}
