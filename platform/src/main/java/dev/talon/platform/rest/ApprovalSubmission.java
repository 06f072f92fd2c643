package dev.talon.platform.rest;

/** The body of POST .../turns/{turnId}/approvals/{callId}: {@code approve} or {@code deny}, and why. */
public record ApprovalSubmission(String decision, String reason) {
}
