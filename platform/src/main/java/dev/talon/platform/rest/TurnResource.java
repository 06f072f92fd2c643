package dev.talon.platform.rest;

import dev.talon.platform.events.ProgressStream;
import dev.talon.platform.events.ResumePoint;
import dev.talon.platform.client.ApprovalOutcome;
import dev.talon.platform.workflow.ApprovalDecision;
import dev.talon.platform.workflow.PendingApproval;
import dev.talon.platform.workflow.SubagentView;
import dev.talon.platform.tenant.Ids;
import dev.talon.platform.tenant.TenantConfig;
import dev.talon.platform.client.TurnService;
import dev.talon.platform.client.TurnStatus;
import dev.talon.platform.workflow.TurnRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Turns: one user message answered by the agent, each a Temporal workflow. */
@Path("/v1/tenants/{tenant}/turns")
@TenantAuthenticated
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class TurnResource {

    static final int MAX_MESSAGE_CHARS = 100_000;
    private static final int DEFAULT_WAIT_SECONDS = 60;
    private static final int MAX_WAIT_SECONDS = 600;

    private final TurnService turns;
    private final ProgressStream progress;
    private final AuthenticatedTenant caller;

    @Inject
    public TurnResource(TurnService turns, ProgressStream progress, AuthenticatedTenant caller) {
        this.turns = turns;
        this.progress = progress;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit a user message; waits for the reply unless wait=false")
    @RequestBody(content = @Content(schema = @Schema(implementation = TurnSubmission.class)))
    @APIResponse(responseCode = "200", description = "the turn completed; the reply is in the body")
    @APIResponse(responseCode = "202", description = "accepted and still running; poll GET .../turns/{turnId}")
    @APIResponse(responseCode = "400", description = "malformed or incomplete body")
    @APIResponse(responseCode = "401", description = "missing or wrong API key")
    @APIResponse(responseCode = "404", description = "unknown tenant")
    @APIResponse(responseCode = "409", description = "the turnId already names a turn for another session or message")
    @APIResponse(responseCode = "429", description = "the tenant runs as many turns as its limits allow, or has "
            + "used up a budget (error.resetsAt and Retry-After say when it resets)")
    @APIResponse(responseCode = "502", description = "the turn failed (e.g. the LLM rejected the call)")
    public Response submit(String body) {
        TenantConfig tenant = caller.get();
        TurnSubmission submission = Json.read(body, TurnSubmission.class);
        String session = requireId("session", submission.session());
        String message = requireMessage(submission.message());
        String turnId = submission.turnId() == null ? "t-" + UUID.randomUUID() : requireId("turnId", submission.turnId());
        boolean wait = submission.waitForReply() == null || submission.waitForReply();
        int waitSeconds = waitSeconds(submission.timeoutSeconds());

        TurnRequest request = new TurnRequest(tenant.id(), session, turnId, message);
        boolean resent = submission.turnId() != null && turns.alreadySubmitted(tenant, request);
        if (!resent) {
            turns.admit(tenant);
            turns.start(tenant, request);
        }
        TurnStatus status = wait
                ? turns.await(tenant, turnId, Duration.ofSeconds(waitSeconds))
                : new TurnStatus.Running(turnId);
        return TurnView.submitted(tenant.id(), status);
    }

    @GET
    @Path("/{turnId}")
    @Operation(summary = "A turn's status, and its reply once completed")
    @APIResponse(responseCode = "200", description = "status running, completed or failed")
    @APIResponse(responseCode = "404", description = "unknown tenant or turn")
    public Response get(@PathParam("turnId") String turnId) {
        TenantConfig tenant = caller.get();
        if (!Ids.isValid(turnId)) {
            throw turnNotFound(turnId);
        }
        TurnStatus status = turns.status(tenant, turnId);
        List<PendingApproval> approvals = status instanceof TurnStatus.Running
                ? turns.pendingApprovals(tenant, turnId) : List.of();
        return Json.response(200, TurnView.of(tenant.id(), status, approvals));
    }

    @GET
    @Path("/{turnId}/subagents")
    @Operation(summary = "The subagents a turn started (spawn): turn id, label, session, status; each one's own"
            + " turn and events are at /turns/{its turnId}")
    @APIResponse(responseCode = "200", description = "the turn's subagents, in the order it started them")
    @APIResponse(responseCode = "404", description = "unknown tenant or turn")
    @APIResponse(responseCode = "503", description = "the tenant's worker did not answer")
    public Response subagents(@PathParam("turnId") String turnId) {
        TenantConfig tenant = caller.get();
        if (!Ids.isValid(turnId)) {
            throw turnNotFound(turnId);
        }
        try {
            List<SubagentView> children = turns.subagents(tenant, turnId).orElseThrow(() -> turnNotFound(turnId));
            return Json.response(200, Map.of("turnId", turnId, "subagents", children));
        } catch (CompletionException e) {
            throw new ApiException(503, "worker_unavailable", "the tenant's worker did not answer; try again");
        }
    }

    @POST
    @Path("/{turnId}/cancel")
    @Operation(summary = "Cancel a turn: a running tool is killed, what happened so far is recorded")
    @APIResponse(responseCode = "202", description = "cancellation requested")
    @APIResponse(responseCode = "404", description = "unknown tenant or turn")
    public Response cancel(@PathParam("turnId") String turnId) {
        TenantConfig tenant = caller.get();
        if (!Ids.isValid(turnId) || !turns.cancel(tenant, turnId)) {
            throw turnNotFound(turnId);
        }
        return Json.response(202, new TurnView(turnId, tenant.id(), null, "cancelling", null, null, null, null, null,
                null, null));
    }

    @POST
    @Path("/{turnId}/approvals/{approvalId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Approve or deny a tool call that waits for approval, by the approvalId the turn shows")
    @RequestBody(content = @Content(schema = @Schema(implementation = ApprovalSubmission.class)))
    @APIResponse(responseCode = "202", description = "the waiting call took the decision")
    @APIResponse(responseCode = "404", description = "unknown tenant or turn, or no call waits under that id")
    @APIResponse(responseCode = "409", description = "that call was decided already (or timed out), or the turn ended")
    @APIResponse(responseCode = "503", description = "the turn's worker did not take or refuse it; check the turn")
    public Response decide(@PathParam("turnId") String turnId,
                           @PathParam("approvalId") String approvalId, String body) {
        TenantConfig tenant = caller.get();
        ApprovalSubmission submission = Json.read(body, ApprovalSubmission.class);
        boolean approved = switch (String.valueOf(submission.decision())) {
            case "approve" -> true;
            case "deny" -> false;
            default -> throw ApiException.badRequest("invalid_field", "field 'decision' must be 'approve' or 'deny'");
        };
        if (!Ids.isValid(turnId)) {
            throw turnNotFound(turnId);
        }
        if (!Ids.isValid(approvalId)) {
            throw approvalNotFound("no tool call waits for approval '" + ErrorText.printable(approvalId) + "'");
        }
        ApprovalOutcome outcome = turns.decide(tenant, turnId,
                new ApprovalDecision(approvalId, approved, submission.reason()));
        return switch (outcome) {
            case ApprovalOutcome.Taken taken -> Json.response(202, new ApprovalView(turnId, approvalId,
                    taken.approval().tool(), submission.decision()));
            case ApprovalOutcome.UnknownApproval unknown -> throw approvalNotFound(unknown.message());
            case ApprovalOutcome.AlreadyDecided decided -> throw new ApiException(409, "already_decided",
                    decided.message());
            case ApprovalOutcome.TurnEnded ended -> throw new ApiException(409, "turn_not_running", "turn '"
                    + turnId + "' has ended; nothing waits for approval");
            case ApprovalOutcome.TurnNotFound missing -> throw turnNotFound(turnId);
            case ApprovalOutcome.NotDelivered notDelivered -> throw new ApiException(503, "decision_not_delivered",
                    "turn '" + turnId + "': " + notDelivered.message());
        };
    }

    private static ApiException turnNotFound(String turnId) {
        return new ApiException(404, "turn_not_found", "no turn '" + ErrorText.printable(turnId) + "'");
    }

    private static ApiException approvalNotFound(String message) {
        return new ApiException(404, "approval_not_found", message);
    }

    @GET
    @Path("/{turnId}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Live progress of a turn as server-sent events, until it ends. Event ids are history "
            + "event ids: reconnect with Last-Event-ID to go on after the last event seen.")
    @APIResponse(responseCode = "200", description = "the event stream; ': keep-alive' comments while idle; it "
            + "ends with the turn or after talon.api.stream-max-lifetime-seconds")
    @APIResponse(responseCode = "400", description = "a Last-Event-ID this API did not send")
    @APIResponse(responseCode = "404", description = "unknown tenant or turn")
    @APIResponse(responseCode = "429", description = "the tenant has talon.api.max-streams-per-tenant streams open")
    public void events(@PathParam("turnId") String turnId,
                       @HeaderParam("Last-Event-ID") String lastEventId,
                       @Context SseEventSink connection, @Context Sse sse) {
        TenantConfig tenant = caller.get();
        if (!Ids.isValid(turnId) || turns.status(tenant, turnId) instanceof TurnStatus.NotFound) {
            throw turnNotFound(turnId);
        }
        ProgressEvents.stream(progress, tenant, lastEventId, ResumePoint::ofTurn,
                resume -> progress.turn(tenant.id(), tenant.namespace(), turnId, turns.workflowId(tenant, turnId), resume), connection, sse);
    }

    record ApprovalView(String turnId, String approvalId, String tool, String decision) {
    }

    static String requireId(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw ApiException.badRequest("missing_field", "field '" + field + "' is required");
        }
        if (!Ids.isValid(value)) {
            throw ApiException.badRequest("invalid_field", "field '" + field + "' must be 1-128 letters, digits, "
                    + "'.', '_' or '-', not starting with '.'");
        }
        return value;
    }

    static String requireMessage(String message) {
        if (message == null || message.isBlank()) {
            throw ApiException.badRequest("missing_field", "field 'message' is required and must not be blank");
        }
        if (message.length() > MAX_MESSAGE_CHARS) {
            throw ApiException.badRequest("invalid_field", "field 'message' is longer than " + MAX_MESSAGE_CHARS
                    + " characters");
        }
        return message;
    }

    static int waitSeconds(Integer requested) {
        if (requested == null) {
            return DEFAULT_WAIT_SECONDS;
        }
        if (requested < 1 || requested > MAX_WAIT_SECONDS) {
            throw ApiException.badRequest("invalid_field", "field 'timeoutSeconds' must be between 1 and "
                    + MAX_WAIT_SECONDS);
        }
        return requested;
    }
}
