package dev.talon.platform.workflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The input of one agent turn: a user message to a session. Holds no secrets and no config: activities
 * resolve both from the tenant id, so history stays small and safe to show. Unknown fields are ignored: turns
 * recorded before carry {@code inlinePrompt}, which the benchmark now gets from its own activities instead.
 * {@code subagent} is set for a subagent's turn only (null in every history from before).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TurnRequest(String tenant, String session, String turnId, String message, SubagentOrigin subagent) {

    /** A user's turn (not a subagent's). */
    public TurnRequest(String tenant, String session, String turnId, String message) {
        this(tenant, session, turnId, message, null);
    }

    /** 0 for a user's turn, else how deep the subagent is. */
    public int depth() {
        return subagent == null ? 0 : subagent.depth();
    }
}
