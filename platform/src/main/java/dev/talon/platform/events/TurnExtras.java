package dev.talon.platform.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.talon.platform.client.TemporalConnection;
import dev.talon.platform.workflow.AgentTurnWorkflow;
import dev.talon.platform.workflow.PendingApproval;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowException;
import java.util.HashSet;
import java.util.Set;

/**
 * What a turn's history does not show: activity retries (pending attempts) and tool calls waiting for
 * approval (the turn's query). Asked by the turn's one follower, never per stream; each is reported once.
 * Best effort: a failed look-up is skipped and history events keep flowing.
 */
final class TurnExtras {

    private final TemporalConnection temporal;
    private final String namespace;
    private final String workflowId;
    private final Set<String> reported = new HashSet<>();

    TurnExtras(TemporalConnection temporal, String namespace, String workflowId) {
        this.temporal = temporal;
        this.namespace = namespace;
        this.workflowId = workflowId;
    }

    /** Reports activities on their second or later attempt. */
    void reportRetries(EventLog log, long position) {
        try {
            var description = temporal.service(namespace).blockingStub().describeWorkflowExecution(
                    DescribeWorkflowExecutionRequest.newBuilder().setNamespace(namespace)
                            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId)).build());
            for (PendingActivityInfo activity : description.getPendingActivitiesList()) {
                String key = "retry/" + activity.getActivityId() + "/" + activity.getAttempt();
                if (activity.getAttempt() > 1 && reported.add(key)) {
                    append(log, HistoryTranslator.event("retry").put("activity", activity.getActivityType().getName())
                            .put("attempt", activity.getAttempt())
                            .put("reason", activity.getLastFailure().getMessage()), position);
                }
            }
        } catch (StatusRuntimeException e) {
            // best effort, see the class comment
        }
    }

    /** Reports tool calls that wait for a human's decision; false when the turn could not be asked. */
    boolean reportApprovals(EventLog log, long position) {
        try {
            for (PendingApproval approval : temporal.client(namespace)
                    .newWorkflowStub(AgentTurnWorkflow.class, workflowId).pendingApprovals()) {
                if (reported.add("approval/" + approval.approvalId())) {
                    ObjectNode data = HistoryTranslator.event("approval_needed").put("approvalId", approval.approvalId())
                            .put("tool", approval.tool()).put("timeoutSeconds", approval.timeoutSeconds());
                    data.set("arguments", approval.arguments());
                    append(log, data, position);
                }
            }
            return true;
        } catch (StatusRuntimeException | WorkflowException e) {
            return false; // asked again shortly
        }
    }

    private static void append(EventLog log, ObjectNode data, long position) {
        log.append(new LogEntry.Progress(HistoryTranslator.progress(null, data), position));
    }
}
