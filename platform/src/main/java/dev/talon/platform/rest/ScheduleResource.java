package dev.talon.platform.rest;

import dev.talon.platform.schedule.JobRefusedException;
import dev.talon.platform.schedule.JobRequest;
import dev.talon.platform.schedule.JobRules;
import dev.talon.platform.schedule.JobView;
import dev.talon.platform.schedule.TenantSchedules;
import dev.talon.platform.tenant.TenantConfig;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The tenant's schedules (Temporal Schedules in its namespace, the same store as the cron tool): each firing is one
 * turn in the job's session.
 */
@Path("/v1/tenants/{tenant}/schedules")
@TenantAuthenticated
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ScheduleResource {

    static final String DEFAULT_SESSION = "scheduled";

    private final TenantSchedules schedules;
    private final AuthenticatedTenant caller;

    @Inject
    public ScheduleResource(TenantSchedules schedules, AuthenticatedTenant caller) {
        this.schedules = schedules;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a job: a Temporal Schedule whose firings each start one turn (overlap: skip)")
    @RequestBody(content = @Content(schema = @Schema(implementation = ScheduleSubmission.class)))
    @APIResponse(responseCode = "201", description = "the job")
    @APIResponse(responseCode = "400", description = "a field is missing or invalid (the message says which)")
    @APIResponse(responseCode = "409", description = "the jobId is taken, or the tenant has schedules.maxJobs jobs")
    public Response create(String body) {
        TenantConfig tenant = caller.get();
        ScheduleSubmission submission = Json.read(body, ScheduleSubmission.class);
        JobRequest request = new JobRequest(submission.jobId(), submission.session(), submission.message(),
                submission.everySeconds(), submission.cronExpr(), submission.tz(), submission.at());
        return call(() -> Json.response(201, schedules.add(tenant, JobRules.API.check(request, DEFAULT_SESSION,
                "job-" + UUID.randomUUID().toString().substring(0, 8), Instant.now()))));
    }

    @GET
    @Operation(summary = "The tenant's jobs")
    @APIResponse(responseCode = "200", description = "{tenant, schedules: [...]}")
    public Response list() {
        TenantConfig tenant = caller.get();
        return call(() -> Json.response(200, new Jobs(tenant.id(), schedules.list(tenant))));
    }

    @GET
    @Path("/{jobId}")
    @Operation(summary = "One job: timing, paused, next runs, firings, recent turn ids")
    @APIResponse(responseCode = "200", description = "the job")
    @APIResponse(responseCode = "404", description = "no such job")
    public Response get(@PathParam("jobId") String jobId) {
        TenantConfig tenant = caller.get();
        return call(() -> Json.response(200, schedules.find(tenant, checked(jobId)).orElseThrow(() -> notFound(jobId))));
    }

    @POST
    @Path("/{jobId}/pause")
    @Operation(summary = "Pause the job: no firing until it is resumed")
    @APIResponse(responseCode = "200", description = "the job, paused")
    @APIResponse(responseCode = "404", description = "no such job")
    public Response pause(@PathParam("jobId") String jobId) {
        TenantConfig tenant = caller.get();
        return call(() -> done(tenant, jobId, schedules.pause(tenant, checked(jobId))));
    }

    @POST
    @Path("/{jobId}/resume")
    @Operation(summary = "Resume a paused job")
    @APIResponse(responseCode = "200", description = "the job")
    @APIResponse(responseCode = "404", description = "no such job")
    public Response resume(@PathParam("jobId") String jobId) {
        TenantConfig tenant = caller.get();
        return call(() -> done(tenant, jobId, schedules.resume(tenant, checked(jobId))));
    }

    @POST
    @Path("/{jobId}/trigger")
    @Operation(summary = "Fire the job now (skipped while its previous turn still runs)")
    @APIResponse(responseCode = "202", description = "{jobId, triggered: true}")
    @APIResponse(responseCode = "404", description = "no such job")
    public Response trigger(@PathParam("jobId") String jobId) {
        TenantConfig tenant = caller.get();
        return call(() -> {
            if (!schedules.trigger(tenant, checked(jobId))) {
                throw notFound(jobId);
            }
            return Json.response(202, new Triggered(jobId, true));
        });
    }

    @DELETE
    @Path("/{jobId}")
    @Operation(summary = "Delete the job; a turn it started runs to its end")
    @APIResponse(responseCode = "204", description = "deleted")
    @APIResponse(responseCode = "404", description = "no such job")
    public Response delete(@PathParam("jobId") String jobId) {
        TenantConfig tenant = caller.get();
        return call(() -> {
            if (!schedules.remove(tenant, checked(jobId))) {
                throw notFound(jobId);
            }
            return Response.noContent().build();
        });
    }

    private Response done(TenantConfig tenant, String jobId, boolean found) {
        if (!found) {
            throw notFound(jobId);
        }
        return Json.response(200, schedules.find(tenant, jobId).orElseThrow(() -> notFound(jobId)));
    }

    /** A job id from the path that is not one any job can have names no job. */
    private static String checked(String jobId) {
        try {
            return JobRules.jobId(jobId);
        } catch (JobRefusedException e) {
            throw notFound(jobId);
        }
    }

    private static Response call(Supplier<Response> action) {
        try {
            return action.get();
        } catch (JobRefusedException e) {
            throw switch (e.reason()) {
                case INVALID -> ApiException.badRequest("invalid_schedule", e.getMessage());
                case EXISTS -> new ApiException(409, "schedule_exists", e.getMessage());
                case TOO_MANY -> new ApiException(409, "too_many_schedules", e.getMessage());
                case NOT_FOUND -> new ApiException(404, "schedule_not_found", e.getMessage());
            };
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof StatusRuntimeException status
                        && status.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
                    throw new ApiException(501, "schedules_unavailable", "this Temporal server keeps no schedules");
                }
            }
            throw e;
        }
    }

    private static ApiException notFound(String jobId) {
        return new ApiException(404, "schedule_not_found", "no job '" + ErrorText.printable(jobId) + "'");
    }

    record Jobs(String tenant, List<JobView> schedules) {
    }

    record Triggered(String jobId, boolean triggered) {
    }
}
