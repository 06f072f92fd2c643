package dev.talon.platform.rest;

/** The body of POST .../turns/{turnId}/approvals/{approvalId}: {@code approve} or {@code deny}, and why. */
record ApprovalSubmission(String decision, String reason) {
}
