package dev.talon.platform.workflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The input of one agent turn: a user message to a session. Holds no secrets and no config: activities
 * resolve both from the tenant id, so history stays small and safe to show. Unknown fields are ignored: turns
 * recorded before carry {@code inlinePrompt}, which the benchmark now gets from its own activities instead.
 *
 * @param turnId   null in a turn a Temporal Schedule starts (its input is fixed when the schedule is made): the turn
 *                 takes its id from its workflow id, which the schedule makes unique per firing
 * @param subagent set for a subagent's turn only (null in every history from before)
 * @param origin   who started the turn: null for a user (every turn recorded before), {@link #SCHEDULE} or
 *                 {@link #HEARTBEAT}; a subagent inherits its parent's
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TurnRequest(String tenant, String session, String turnId, String message, SubagentOrigin subagent,
                          String origin) {

    /** A firing of one of the tenant's schedules (the cron tool or the schedules API). */
    public static final String SCHEDULE = "schedule";
    /** A beat of the tenant's heartbeat. */
    public static final String HEARTBEAT = "heartbeat";

    /** A user's turn. */
    public TurnRequest(String tenant, String session, String turnId, String message) {
        this(tenant, session, turnId, message, null, null);
    }

    /** A subagent's turn, started by a turn of this origin. */
    public TurnRequest(String tenant, String session, String turnId, String message, SubagentOrigin subagent) {
        this(tenant, session, turnId, message, subagent, null);
    }

    /** A turn a schedule or the heartbeat starts. */
    public TurnRequest(String tenant, String session, String turnId, String message, String origin) {
        this(tenant, session, turnId, message, null, origin);
    }

    /** 0 for a user's turn, else how deep the subagent is. */
    public int depth() {
        return subagent == null ? 0 : subagent.depth();
    }

    /** The same request under this turn id. */
    public TurnRequest withTurnId(String newTurnId) {
        return new TurnRequest(tenant, session, newTurnId, message, subagent, origin);
    }

    public boolean heartbeat() {
        return HEARTBEAT.equals(origin);
    }
}
