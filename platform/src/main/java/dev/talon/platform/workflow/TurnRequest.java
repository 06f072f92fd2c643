package dev.talon.platform.workflow;

/**
 * The input of one agent turn: a user message to a session. Holds no secrets and no config: activities
 * resolve both from the tenant id, so history stays small and safe to show.
 */
public record TurnRequest(String tenant, String session, String turnId, String message) {
}
