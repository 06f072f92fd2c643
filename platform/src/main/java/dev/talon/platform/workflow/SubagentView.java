package dev.talon.platform.workflow;

/**
 * A subagent a turn started, as the {@code subagents} query shows it.
 *
 * @param turnId     the subagent's own turn id (GET /v1/turns/{turnId} and its events)
 * @param session    its own session, {@code subagent.{parent session}.{label}}
 * @param status     {@code running}, {@code completed}, {@code failed} or {@code cancelled}; a background
 *                   subagent still running when its parent's turn ended stays {@code running} here
 * @param background whether the parent went on without waiting for it
 */
public record SubagentView(String turnId, String label, String session, String status, boolean background) {
}
