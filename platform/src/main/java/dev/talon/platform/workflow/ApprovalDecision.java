package dev.talon.platform.workflow;

import com.fasterxml.jackson.annotation.JsonAlias;

/**
 * A human's answer to a tool call waiting for approval.
 *
 * @param approvalId the id the workflow gave the waiting call ({@link PendingApproval#approvalId()}); decisions
 *                   signalled before approval ids existed named the model's call id {@code callId}
 */
public record ApprovalDecision(@JsonAlias("callId") String approvalId, boolean approved, String reason) {
}
