package dev.talon.platform.client;

import dev.talon.platform.workflow.TurnResult;

/** Where a turn stands, as the REST API reports it. */
public sealed interface TurnStatus {

    String turnId();

    /** The agent answered. */
    record Completed(String turnId, TurnResult result) implements TurnStatus {
    }

    /** Still working (or the wait ran out first). */
    record Running(String turnId) implements TurnStatus {
    }

    /**
     * The turn ended without an answer.
     *
     * @param code {@code turn_failed}, {@code cancelled}, {@code terminated} or {@code timed_out}
     */
    record Failed(String turnId, String code, String message) implements TurnStatus {
    }

    /** No such turn for this tenant. */
    record NotFound(String turnId) implements TurnStatus {
    }
}
