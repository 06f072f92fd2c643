package dev.talon.platform.rest;

import dev.talon.api.Usage;
import dev.talon.platform.turn.TurnStatus;
import dev.talon.platform.workflow.PendingApproval;
import dev.talon.platform.workflow.TurnResult;
import java.util.List;

/**
 * A turn as the API shows it; fields that do not apply to the status are left out. Status is {@code running},
 * {@code completed}, {@code cancelled} or {@code failed}.
 */
record TurnView(String turnId, String tenant, String session, String status, String reply, List<String> toolsUsed,
                Integer iterations, Usage usage, String stopReason, ApiError.Detail error,
                List<PendingApproval> pendingApprovals) {

    static TurnView of(String tenant, TurnStatus status) {
        return of(tenant, status, List.of());
    }

    /** The view of a turn, with the tool calls it waits on approval for (only shown while it runs). */
    static TurnView of(String tenant, TurnStatus status, List<PendingApproval> approvals) {
        return switch (status) {
            case TurnStatus.Completed(String turnId, TurnResult r) -> new TurnView(turnId, tenant, r.session(),
                    "completed", r.reply(), r.toolsUsed(), r.iterations(), r.usage(), r.stopReason(), null, null);
            case TurnStatus.Running(String turnId) -> new TurnView(turnId, tenant, null, "running", null, null, null,
                    null, null, null, approvals.isEmpty() ? null : approvals);
            case TurnStatus.Failed(String turnId, String code, String message) -> new TurnView(turnId, tenant, null,
                    "cancelled".equals(code) ? "cancelled" : "failed", null, null, null, null, null,
                    new ApiError.Detail(code, message), null);
            case TurnStatus.NotFound(String turnId) ->
                    throw new ApiException(404, "turn_not_found", "no turn '" + turnId + "' for tenant '" + tenant + "'");
        };
    }
}
