package dev.talon.platform.rest;

import dev.talon.platform.client.WorkerPollers;
import dev.talon.platform.tenant.TenantStore;
import dev.talon.platform.worker.WorkerHost;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Health for operators: Temporal, and the worker processes polling each tenant's task queue. */
@Path("/v1/admin/health")
@AdminAuthenticated
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminHealthResource {

    private final WorkerPollers pollers;
    private final TenantStore tenants;
    private final Optional<WorkerHost> workers;

    @Inject
    public AdminHealthResource(WorkerPollers pollers, TenantStore tenants, Optional<WorkerHost> workers) {
        this.pollers = pollers;
        this.tenants = tenants;
        this.workers = workers;
    }

    @GET
    @Operation(summary = "Whether Temporal answers, and per tenant the worker processes that poll its task queue")
    public Response get() {
        boolean serving = pollers.temporalServing();
        List<WorkerPollers.QueueHealth> queues = serving
                ? tenants.all().stream().map(pollers::of).toList() : List.of();
        List<String> here = workers.map(WorkerHost::tenantIds).orElse(List.of());
        return Json.response(200, new HealthView(new TemporalView(pollers.temporalTarget(), serving), here, queues));
    }

    record TemporalView(String target, boolean serving) {
    }

    /** {@code workersInThisProcess}: the tenants whose worker runs in the process that answered. */
    record HealthView(TemporalView temporal, List<String> workersInThisProcess, List<WorkerPollers.QueueHealth> queues) {
    }
}
