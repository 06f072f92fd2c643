package dev.talon.platform.workflow;

/**
 * The input of one agent turn: a user message to a session. Holds no secrets and no config: activities
 * resolve both from the tenant id, so history stays small and safe to show.
 *
 * @param inlinePrompt send the whole conversation with every LLM call instead of using the turn log; only for
 *                     comparing the two designs (history then grows quadratically with the steps)
 */
public record TurnRequest(String tenant, String session, String turnId, String message, boolean inlinePrompt) {

    public TurnRequest(String tenant, String session, String turnId, String message) {
        this(tenant, session, turnId, message, false);
    }
}
