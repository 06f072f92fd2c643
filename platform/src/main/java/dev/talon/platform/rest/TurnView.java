package dev.talon.platform.rest;

import dev.talon.api.Usage;
import dev.talon.platform.turn.TurnStatus;
import dev.talon.platform.workflow.TurnResult;
import java.util.List;

/** A turn as the API shows it; fields that do not apply to the status are left out. */
record TurnView(String turnId, String tenant, String session, String status, String reply, List<String> toolsUsed,
                Integer iterations, Usage usage, String stopReason, ApiError.Detail error) {

    static TurnView of(String tenant, TurnStatus status) {
        return switch (status) {
            case TurnStatus.Completed(String turnId, TurnResult r) -> new TurnView(turnId, tenant, r.session(),
                    "completed", r.reply(), r.toolsUsed(), r.iterations(), r.usage(), r.stopReason(), null);
            case TurnStatus.Running(String turnId) ->
                    new TurnView(turnId, tenant, null, "running", null, null, null, null, null, null);
            case TurnStatus.Failed(String turnId, String code, String message) -> new TurnView(turnId, tenant, null,
                    "failed", null, null, null, null, null, new ApiError.Detail(code, message));
            case TurnStatus.NotFound(String turnId) ->
                    throw new ApiException(404, "turn_not_found", "no turn '" + turnId + "' for tenant '" + tenant + "'");
        };
    }
}
