package dev.talon.platform.workflow;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tool call waiting for a human's approval.
 *
 * @param approvalId the id to decide it by: {@code {step}-{position}}, made by the workflow from its own loop
 *                   counter and the call's place in the LLM's reply, never the model's call id (workers
 *                   from before approval ids answer the query with {@code callId}, the model's)
 */
public record PendingApproval(@JsonAlias("callId") String approvalId, String tool, JsonNode arguments,
                              int timeoutSeconds) {
}
