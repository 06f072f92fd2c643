package dev.talon.platform.workflow;

/** A human's answer to a tool call waiting for approval. */
public record ApprovalDecision(String callId, boolean approved, String reason) {
}
