package dev.talon.platform.workflow;

/**
 * What makes a turn a subagent's: the turn that spawned it, and where its answer goes.
 *
 * @param parentTurnId  the turn whose {@code spawn} call started it
 * @param parentSession the session its answer is delivered to when it runs in the background
 * @param label         the name the LLM gave it (checked: {@link SpawnRequest#LABEL})
 * @param depth         1 for a subagent of a user's turn, 2 for its subagents, ...
 * @param background    true: the parent did not wait, the answer is delivered to the parent session as a message;
 *                      false: the answer is the parent's tool result
 * @param sessionWorkflowId the parent session's workflow when the parent turn ran in one: a background answer then
 *                      goes there as a message, which triggers a turn that sees it (and records it); null otherwise
 */
public record SubagentOrigin(String parentTurnId, String parentSession, String label, int depth, boolean background,
                             String sessionWorkflowId) {
}
