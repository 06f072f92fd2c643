package dev.talon.platform.rest;

import dev.talon.platform.budget.Budgets;
import dev.talon.platform.tenant.Ids;
import dev.talon.platform.tenant.TenantConfig;
import dev.talon.platform.tenant.TenantStore;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Every tenant's LLM usage, for operators. */
@Path("/v1/admin/usage")
@AdminAuthenticated
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminUsageResource {

    private final Budgets budgets;
    private final TenantStore tenants;

    @Inject
    public AdminUsageResource(Budgets budgets, TenantStore tenants) {
        this.budgets = budgets;
        this.tenants = tenants;
    }

    @GET
    @Operation(summary = "Usage of every tenant today and this month, by model")
    public Response all() {
        List<Object> reports = tenants.all().stream().map(t -> (Object) budgets.report(t)).toList();
        return Json.response(200, Map.of("tenants", reports));
    }

    @GET
    @Path("/{tenant}")
    @Operation(summary = "One tenant's usage today and this month, by model")
    @APIResponse(responseCode = "404", description = "no such tenant")
    public Response get(@PathParam("tenant") String tenantId) {
        TenantConfig tenant = (Ids.isValid(tenantId) ? tenants.find(tenantId) : Optional.<TenantConfig>empty())
                .orElseThrow(() -> new ApiException(404, "tenant_not_found", "no tenant '"
                        + ErrorText.printable(tenantId) + "'"));
        return Json.response(200, budgets.report(tenant));
    }
}
