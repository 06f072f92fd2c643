package dev.talon.platform.workflow;

import com.fasterxml.jackson.databind.JsonNode;

/** A tool call waiting for a human's approval. */
public record PendingApproval(String callId, String tool, JsonNode arguments, int timeoutSeconds) {
}
