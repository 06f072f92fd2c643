package dev.talon.platform.worker;

import dev.talon.platform.workflow.ActivityPolicies;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Heartbeats for a long activity (a tool, an LLM call) from a timer thread while it runs, so a dead worker is
 * noticed within the heartbeat timeout instead of the start-to-close timeout. When Temporal answers that the
 * activity was cancelled, the activity's thread is interrupted: tools and HTTP clients take that as "stop".
 */
final class ActivityHeartbeat implements AutoCloseable {

    private static final ScheduledExecutorService TIMER = Executors.newScheduledThreadPool(1,
            Thread.ofPlatform().daemon().name("talon-heartbeat").factory());

    private final ActivityExecutionContext activity;
    private final Thread worker;
    private final ScheduledFuture<?> timer;
    private volatile Object details;
    private volatile boolean cancelled;
    private boolean closed;

    private ActivityHeartbeat(ActivityExecutionContext activity, Thread worker) {
        this.activity = activity;
        this.worker = worker;
        this.timer = TIMER.scheduleAtFixedRate(this::beat, 0, ActivityPolicies.HEARTBEAT_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Starts heartbeating for the calling activity thread. */
    static ActivityHeartbeat start(ActivityExecutionContext activity) {
        return new ActivityHeartbeat(activity, Thread.currentThread());
    }

    /** Sends a heartbeat now, with progress details the next beats repeat. */
    void beat(Object progress) {
        details = progress;
        beat();
    }

    boolean cancelled() {
        return cancelled;
    }

    private void beat() {
        try {
            activity.heartbeat(details);
        } catch (ActivityCompletionException e) {
            synchronized (this) {
                cancelled = true;
                if (!closed) {
                    worker.interrupt();
                }
            }
        }
    }

    /** The work returned: no interrupt may reach its thread any more, and none may stay pending on it. */
    @Override
    public synchronized void close() {
        closed = true;
        timer.cancel(false);
        Thread.interrupted();
    }
}
