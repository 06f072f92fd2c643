package dev.talon.platform.workflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The input of one agent turn: a user message to a session. Holds no secrets and no config: activities
 * resolve both from the tenant id, so history stays small and safe to show. Unknown fields are ignored: turns
 * recorded before carry {@code inlinePrompt}, which the benchmark now gets from its own activities instead.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TurnRequest(String tenant, String session, String turnId, String message) {
}
