package dev.talon.platform.workflow;

/**
 * A session workflow's state.
 *
 * @param state         {@code idle} or {@code processing}
 * @param pending       messages waiting behind the current one
 * @param turnsDone     turns processed since the session workflow started, across continue-as-new
 * @param currentTurnId the turn being processed, or null
 * @param ending        true once DELETE asked the session to end; it finishes what is queued first
 * @param run           which run of the workflow this is (it continues as new every few turns)
 */
public record SessionStatus(String state, int pending, long turnsDone, String currentTurnId, String lastReply,
                            boolean ending, int run) {
}
