package dev.talon.platform.events;

import java.time.Duration;

/** One stream's place in a turn's or session's events. Close it when the stream ends. */
public interface ProgressCursor extends AutoCloseable {

    /** The next event, waiting up to the timeout for it. */
    CursorStep next(Duration timeout) throws InterruptedException;

    @Override
    void close();
}
