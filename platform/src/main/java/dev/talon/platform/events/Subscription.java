package dev.talon.platform.events;

import java.util.concurrent.atomic.AtomicBoolean;

/** A stream's hold on a follower's log; closing it (once or more) lets the follower stop when it was the last. */
final class Subscription implements AutoCloseable {

    private final EventLog log;
    private final Runnable release;
    private final AtomicBoolean closed = new AtomicBoolean();

    Subscription(EventLog log, Runnable release) {
        this.log = log;
        this.release = release;
    }

    EventLog log() {
        return log;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            release.run();
        }
    }
}
