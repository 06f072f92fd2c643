package dev.talon.platform.events;

import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.util.List;

/** The events of one workflow run, each handed out once, in order. */
interface HistoryFeed extends AutoCloseable {

    /**
     * The events after those already returned, waiting up to {@code wait} for some; empty when none came.
     * Errors from Temporal other than the wait running out are thrown as they are.
     */
    List<HistoryEvent> next(Duration wait) throws InterruptedException;

    /** Starts the next read over after an error (a stale page token), still skipping what was returned. */
    void restart();

    /** Gives up a read in flight. */
    @Override
    void close();
}
