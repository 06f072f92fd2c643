package dev.talon.platform.workflow;

import java.util.List;

/**
 * The input of a session workflow run: the session's settings, and what a previous run hands over when it
 * continues as new (messages not yet processed, counters, the last reply).
 *
 * @param idleTimeoutSeconds end the run when no message came for this long
 * @param turnsPerRun        continue as new after this many turns in one run
 * @param turnsDone          turns processed by all runs of this session workflow so far
 * @param recentTurnIds      turn ids already processed, so a resent message is not answered twice
 * @param run                which run of the session workflow this is, counting from 1
 */
public record SessionState(String tenant, String session, int idleTimeoutSeconds, int turnsPerRun,
                           List<QueuedMessage> pending, long turnsDone, String lastReply, List<String> recentTurnIds,
                           int run) {

    public SessionState {
        pending = pending == null ? List.of() : List.copyOf(pending);
        lastReply = lastReply == null ? "" : lastReply;
        recentTurnIds = recentTurnIds == null ? List.of() : List.copyOf(recentTurnIds);
        run = Math.max(1, run);
    }

    /** A new session workflow with nothing carried over. */
    public static SessionState fresh(String tenant, String session, int idleTimeoutSeconds, int turnsPerRun) {
        return new SessionState(tenant, session, idleTimeoutSeconds, turnsPerRun, List.of(), 0, "", List.of(), 1);
    }
}
