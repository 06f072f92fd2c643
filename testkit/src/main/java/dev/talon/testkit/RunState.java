package dev.talon.testkit;

/** Where one activity of a workflow stands, as far as Temporal knows. */
public enum RunState {
    /** waiting for a worker (first attempt, or a retry after a failed or timed-out one) */
    SCHEDULED,
    /** a worker took it and has not reported back yet (it may be dead: Temporal finds out by timeout) */
    STARTED,
    COMPLETED,
    FAILED,
    TIMED_OUT,
    CANCELED;

    public boolean closed() {
        return this != SCHEDULED && this != STARTED;
    }
}
