package dev.talon.platform.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.talon.platform.data.SessionStore;
import dev.talon.platform.events.ProgressStream;
import dev.talon.platform.events.ResumePoint;
import dev.talon.platform.client.SessionRejectedException;
import dev.talon.platform.client.SessionService;
import dev.talon.platform.tenant.Ids;
import dev.talon.platform.tenant.TenantConfig;
import dev.talon.platform.client.TurnIdConflictException;
import dev.talon.platform.client.TurnService;
import dev.talon.platform.client.TurnStatus;
import dev.talon.platform.workflow.SessionMessage;
import dev.talon.platform.workflow.SessionStatus;
import dev.talon.platform.workflow.TurnRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Sessions: the stored conversation, and the long-running session workflow that answers messages in order. */
@Path("/v1/tenants/{tenant}/sessions")
@TenantAuthenticated
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    private final TurnService turns;
    private final SessionService sessionWorkflows;
    private final SessionStore sessions;
    private final ProgressStream progress;
    private final AuthenticatedTenant caller;

    @Inject
    public SessionResource(TurnService turns, SessionService sessionWorkflows, SessionStore sessions,
                           ProgressStream progress, AuthenticatedTenant caller) {
        this.turns = turns;
        this.sessionWorkflows = sessionWorkflows;
        this.sessions = sessions;
        this.progress = progress;
        this.caller = caller;
    }

    @GET
    @Path("/{session}/messages")
    @Operation(summary = "The session's stored messages, oldest first, in the nanobot session format")
    @APIResponse(responseCode = "200", description = "{tenant, session, messages: [...]}")
    @APIResponse(responseCode = "404", description = "unknown tenant or session")
    public Response messages(@PathParam("session") String session) {
        TenantConfig tenant = caller.get();
        if (!Ids.isValid(session) || !sessions.exists(tenant.id(), session)) {
            throw new ApiException(404, "session_not_found", "no session '" + ErrorText.printable(session)
                    + "' for tenant '" + tenant.id() + "'");
        }
        List<JsonNode> messages = sessions.messages(tenant.id(), session);
        return Json.response(200, new SessionMessages(tenant.id(), session, messages));
    }

    @POST
    @Path("/{session}/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send a message to the session workflow (started if needed); waits for the reply "
            + "unless wait=false. Messages are answered one at a time, in arrival order.")
    @RequestBody(content = @Content(schema = @Schema(implementation = SessionSubmission.class)))
    @APIResponse(responseCode = "200", description = "the reply to this message")
    @APIResponse(responseCode = "202", description = "queued (wait=false) or still running when the wait ran out")
    @APIResponse(responseCode = "409", description = "the session is ending, or the turnId names a turn for another "
            + "session or message")
    @APIResponse(responseCode = "429", description = "the tenant runs as many turns as its limits allow, or has "
            + "used up a budget (error.resetsAt and Retry-After say when it resets)")
    @APIResponse(responseCode = "502", description = "the turn failed")
    public Response send(@PathParam("session") String session, String body) {
        TenantConfig tenant = caller.get();
        requireSession(session);
        SessionSubmission submission = Json.read(body, SessionSubmission.class);
        String message = TurnResource.requireMessage(submission.message());
        String turnId = submission.turnId() == null ? "t-" + UUID.randomUUID()
                : TurnResource.requireId("turnId", submission.turnId());
        int waitSeconds = TurnResource.waitSeconds(submission.timeoutSeconds());
        boolean wait = submission.waitForReply() == null || submission.waitForReply();
        SessionMessage sessionMessage = new SessionMessage(turnId, message);
        TurnRequest asTurn = new TurnRequest(tenant.id(), session, turnId, message);
        if (submission.turnId() != null && turns.alreadySubmitted(tenant, asTurn)) {
            return resent(tenant, session, turnId, wait, waitSeconds);
        }
        turns.admit(tenant);
        if (!wait) {
            sessionWorkflows.send(tenant, session, sessionMessage);
            return Json.response(202, new Queued(turnId, tenant.id(), session, "queued"));
        }
        TurnStatus status;
        try {
            status = sessionWorkflows.sendAndWait(tenant, session, sessionMessage, Duration.ofSeconds(waitSeconds));
        } catch (SessionRejectedException rejected) {
            throw new ApiException(409, "session_rejected", rejected.getMessage());
        } catch (TurnIdConflictException taken) {
            // the session knew the id; if it names this very message (answered meanwhile), that turn is the answer
            if (turns.alreadySubmitted(tenant, asTurn)) {
                return resent(tenant, session, turnId, true, waitSeconds);
            }
            throw taken;
        }
        return TurnView.submitted(tenant.id(), status);
    }

    /** The same message with the same turn id again: the turn that answers it, not a second one. */
    private Response resent(TenantConfig tenant, String session, String turnId, boolean wait, int waitSeconds) {
        if (!wait) {
            return Json.response(202, new Queued(turnId, tenant.id(), session, "queued"));
        }
        return TurnView.submitted(tenant.id(), turns.await(tenant, turnId, Duration.ofSeconds(waitSeconds)));
    }

    @GET
    @Path("/{session}")
    @Operation(summary = "The session workflow's status: idle or processing, pending messages, turns done")
    @APIResponse(responseCode = "200", description = "status")
    @APIResponse(responseCode = "404", description = "no session workflow runs and nothing is stored")
    public Response status(@PathParam("session") String session) {
        TenantConfig tenant = caller.get();
        requireSession(session);
        Optional<SessionStatus> status = sessionWorkflows.status(tenant, session);
        if (status.isEmpty()) {
            throw noSessionWorkflow(session, "");
        }
        return Json.response(200, new SessionView(tenant.id(), session, status.get()));
    }

    @DELETE
    @Path("/{session}")
    @Operation(summary = "End the session workflow after the messages already queued; the stored conversation stays")
    @APIResponse(responseCode = "202", description = "the session is ending")
    @APIResponse(responseCode = "404", description = "no session workflow runs")
    public Response end(@PathParam("session") String session) {
        TenantConfig tenant = caller.get();
        requireSession(session);
        if (!sessionWorkflows.end(tenant, session)) {
            throw noSessionWorkflow(session, " runs");
        }
        return Json.response(202, new Queued(null, tenant.id(), session, "ending"));
    }

    @GET
    @Path("/{session}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Live progress of a session's turns as server-sent events, until the session ends. Event "
            + "ids are <turnId> or <turnId>:<history event id>: reconnect with Last-Event-ID to go on.")
    @APIResponse(responseCode = "200", description = "the event stream; ': keep-alive' comments while idle; it "
            + "ends with the session or after talon.api.stream-max-lifetime-seconds")
    @APIResponse(responseCode = "400", description = "a Last-Event-ID this API did not send")
    @APIResponse(responseCode = "404", description = "no session workflow")
    @APIResponse(responseCode = "429", description = "the tenant has talon.api.max-streams-per-tenant streams open")
    public void events(@PathParam("session") String session,
                       @HeaderParam("Last-Event-ID") String lastEventId,
                       @Context SseEventSink connection, @Context Sse sse) {
        TenantConfig tenant = caller.get();
        requireSession(session);
        if (sessionWorkflows.status(tenant, session).isEmpty()) {
            throw noSessionWorkflow(session, "");
        }
        ProgressEvents.stream(progress, tenant, lastEventId, ResumePoint::ofSession, resume -> progress.session(
                tenant.id(), tenant.namespace(), sessionWorkflows.workflowId(tenant, session), resume), connection, sse);
    }

    private static ApiException noSessionWorkflow(String session, String what) {
        return new ApiException(404, "session_not_found", "no session workflow" + what + " for '" + session + "'");
    }

    private static void requireSession(String session) {
        if (!Ids.isValid(session)) {
            throw new ApiException(404, "session_not_found", "no session '" + ErrorText.printable(session) + "'");
        }
    }

    record SessionMessages(String tenant, String session, List<JsonNode> messages) {
    }

    record SessionView(String tenant, String session, SessionStatus status) {
    }

    record Queued(String turnId, String tenant, String session, String status) {
    }
}
