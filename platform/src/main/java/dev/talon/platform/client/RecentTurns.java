package dev.talon.platform.client;

import dev.talon.platform.tenant.TenantConfig;
import dev.talon.platform.workflow.AgentTurnWorkflow;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.common.metadata.POJOWorkflowInterfaceMetadata;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A tenant's latest turns, running or ended, from Temporal's visibility store (so every replica's turns are seen):
 * what the console lists before a turn is recorded in its session.
 */
public final class RecentTurns {

    private static final String TURN_TYPE = POJOWorkflowInterfaceMetadata.newInstance(AgentTurnWorkflow.class)
            .getWorkflowType().orElseThrow();

    private final TemporalConnection temporal;

    public RecentTurns(TemporalConnection temporal) {
        this.temporal = temporal;
    }

    /** One turn as visibility knows it; {@code closedAt} is null while it runs. */
    public record Summary(String turnId, String status, String startedAt, String closedAt) {
    }

    /** At most {@code limit} turns, newest first; empty where the server has no visibility (in-memory tests). */
    public List<Summary> list(TenantConfig tenant, int limit) {
        String prefix = TurnIds.turnPrefix(tenant.id());
        String query = "WorkflowType = '" + TURN_TYPE + "' AND WorkflowId STARTS_WITH '" + prefix + "'";
        try {
            return temporal.client(tenant.namespace()).listExecutions(query).limit(limit)
                    .map(run -> summary(run, prefix)).toList();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
                return List.of();
            }
            throw e;
        }
    }

    private static Summary summary(WorkflowExecutionMetadata run, String prefix) {
        String turnId = run.getExecution().getWorkflowId().substring(prefix.length());
        return new Summary(turnId, status(run.getStatus()), text(run.getStartTime()), text(run.getCloseTime()));
    }

    /** ISO-8601, or null (the API's JSON has no module for java.time). */
    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static String status(WorkflowExecutionStatus status) {
        return switch (status) {
            case WORKFLOW_EXECUTION_STATUS_RUNNING -> "running";
            case WORKFLOW_EXECUTION_STATUS_COMPLETED -> "completed";
            case WORKFLOW_EXECUTION_STATUS_CANCELED -> "cancelled";
            default -> status.name().replace("WORKFLOW_EXECUTION_STATUS_", "").toLowerCase(Locale.ROOT);
        };
    }
}
