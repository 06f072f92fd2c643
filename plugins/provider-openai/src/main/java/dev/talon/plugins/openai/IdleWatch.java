package dev.talon.plugins.openai;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a streamed body that has been silent for the timeout: the HTTP client's own timeout ends with the
 * headers, and a server that stops sending mid-stream would otherwise hold the call for ever. Uses the JDK's
 * shared delay thread, so a plugin keeps no thread of its own that could outlive its unloading.
 */
final class IdleWatch implements AutoCloseable {

    private final Closeable body;
    private final long timeoutNanos;
    private volatile long lastActivity = System.nanoTime();
    private volatile boolean stopped;
    private volatile boolean expired;

    private IdleWatch(Closeable body, Duration timeout) {
        this.body = body;
        this.timeoutNanos = timeout.toNanos();
    }

    static IdleWatch start(Closeable body, Duration timeout) {
        IdleWatch watch = new IdleWatch(body, timeout);
        watch.checkAfter(watch.timeoutNanos);
        return watch;
    }

    /** Something arrived. */
    void touch() {
        lastActivity = System.nanoTime();
    }

    /** True when the body was closed because it was silent too long. */
    boolean expired() {
        return expired;
    }

    private void checkAfter(long nanos) {
        CompletableFuture.delayedExecutor(Math.max(nanos, 1), TimeUnit.NANOSECONDS).execute(this::check);
    }

    private void check() {
        if (stopped) {
            return;
        }
        long silent = System.nanoTime() - lastActivity;
        if (silent < timeoutNanos) {
            checkAfter(timeoutNanos - silent);
            return;
        }
        expired = true;
        try {
            body.close(); // wakes the reading thread with an IOException
        } catch (IOException e) {
            // closing is all we could do
        }
    }

    @Override
    public void close() {
        stopped = true;
    }
}
