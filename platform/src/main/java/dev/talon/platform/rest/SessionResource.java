package dev.talon.platform.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.talon.platform.Platform;
import dev.talon.platform.tenant.Ids;
import dev.talon.platform.tenant.TenantConfig;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The stored conversation of a session. */
@Path("/v1/tenants/{tenant}/sessions")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    private final Platform platform;

    @Inject
    public SessionResource(Platform platform) {
        this.platform = platform;
    }

    @GET
    @Path("/{session}/messages")
    @Operation(summary = "The session's stored messages, oldest first, in the nanobot session format")
    @APIResponse(responseCode = "200", description = "{tenant, session, messages: [...]}")
    @APIResponse(responseCode = "404", description = "unknown tenant or session")
    public Response messages(@PathParam("tenant") String tenantId, @PathParam("session") String session,
                             @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        TenantConfig tenant = TenantGuard.authorize(platform.tenants(), tenantId, authorization);
        if (!Ids.isValid(session) || !platform.sessions().exists(tenant.id(), session)) {
            throw new ApiException(404, "session_not_found", "no session '" + TenantGuard.printable(session)
                    + "' for tenant '" + tenant.id() + "'");
        }
        List<JsonNode> messages = platform.sessions().messages(tenant.id(), session);
        return Json.response(200, new SessionMessages(tenant.id(), session, messages));
    }

    record SessionMessages(String tenant, String session, List<JsonNode> messages) {
    }
}
