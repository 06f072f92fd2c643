package dev.talon.platform.rest;

import dev.talon.platform.data.SessionStore;
import dev.talon.platform.tenant.TenantConfig;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The tenant's stored sessions (what the console lists); beside {@link SessionResource}, on the same path. */
@Path("/v1/tenants/{tenant}/sessions")
@TenantAuthenticated
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SessionListResource {

    static final int MAX_SESSIONS = 1000;

    private final SessionStore sessions;
    private final AuthenticatedTenant caller;

    @Inject
    public SessionListResource(SessionStore sessions, AuthenticatedTenant caller) {
        this.sessions = sessions;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "The tenant's stored sessions, by id (at most 1000; truncated says when there are more)")
    @APIResponse(responseCode = "200", description = "{tenant, sessions: [...], truncated}")
    public Response list() {
        TenantConfig tenant = caller.get();
        List<String> ids = sessions.list(tenant.id(), MAX_SESSIONS + 1);
        boolean truncated = ids.size() > MAX_SESSIONS;
        return Json.response(200, new SessionList(tenant.id(), truncated ? ids.subList(0, MAX_SESSIONS) : ids, truncated));
    }

    record SessionList(String tenant, List<String> sessions, boolean truncated) {
    }
}
