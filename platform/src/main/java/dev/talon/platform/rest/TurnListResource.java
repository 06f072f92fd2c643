package dev.talon.platform.rest;

import dev.talon.platform.client.RecentTurns;
import dev.talon.platform.tenant.TenantConfig;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The tenant's latest turns, running ones included (what the console lists); beside {@link TurnResource}. */
@Path("/v1/tenants/{tenant}/turns")
@TenantAuthenticated
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class TurnListResource {

    private static final int MAX_LIMIT = 200;

    private final RecentTurns recent;
    private final AuthenticatedTenant caller;

    @Inject
    public TurnListResource(RecentTurns recent, AuthenticatedTenant caller) {
        this.recent = recent;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "The tenant's latest turns, newest first, from Temporal's visibility store")
    @APIResponse(responseCode = "200", description = "{tenant, turns: [{turnId, status, startedAt, closedAt}]}")
    @APIResponse(responseCode = "400", description = "limit not between 1 and 200")
    public Response list(@QueryParam("limit") Integer limit) {
        TenantConfig tenant = caller.get();
        int count = limit == null ? 50 : limit;
        if (count < 1 || count > MAX_LIMIT) {
            throw ApiException.badRequest("invalid_field", "limit must be between 1 and " + MAX_LIMIT);
        }
        return Json.response(200, new TurnList(tenant.id(), recent.list(tenant, count)));
    }

    record TurnList(String tenant, List<RecentTurns.Summary> turns) {
    }
}
