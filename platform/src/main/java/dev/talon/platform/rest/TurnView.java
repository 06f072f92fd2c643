package dev.talon.platform.rest;

import dev.talon.api.Usage;
import dev.talon.platform.client.TurnStatus;
import dev.talon.platform.workflow.PendingApproval;
import dev.talon.platform.workflow.TurnResult;
import jakarta.ws.rs.core.Response;
import java.net.URI;
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

    /**
     * The answer to a submission: 200 with the reply, 202 while it runs (pointing at where to poll), 502 when the
     * turn ended without an answer.
     */
    static Response submitted(String tenant, TurnStatus status) {
        TurnView view = of(tenant, status);
        return switch (status) {
            case TurnStatus.Completed c -> Json.response(200, view);
            case TurnStatus.Running r -> Response.fromResponse(Json.response(202, view))
                    .location(URI.create("/v1/tenants/" + tenant + "/turns/" + r.turnId())).build();
            case TurnStatus.Failed f -> Json.response(502, view);
            case TurnStatus.NotFound n -> throw new IllegalStateException("turn " + n.turnId() + " vanished after start");
        };
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
