package dev.talon.platform.rest;

import dev.talon.platform.codec.HistoryKeys;
import dev.talon.platform.tenant.TenantStore;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** A tenant's history encryption keys: their ids (never the keys) and rotation. */
@Path("/v1/admin/tenants/{tenant}/history-keys")
@AdminAuthenticated
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminHistoryKeyResource {

    private final TenantStore tenants;
    private final Optional<HistoryKeys> keys;

    @Inject
    public AdminHistoryKeyResource(TenantStore tenants, Optional<HistoryKeys> keys) {
        this.tenants = tenants;
        this.keys = keys;
    }

    @GET
    @Operation(summary = "The ids of the tenant's history keys, newest last")
    public Response list(@PathParam("tenant") String tenantId) {
        HistoryKeys historyKeys = enabled(tenantId);
        return Json.response(200, Map.of("tenant", tenantId, "keyIds", historyKeys.keyIds(tenantId),
                "source", historyKeys.describe(tenantId)));
    }

    @POST
    @Operation(summary = "Rotate: new payloads use a new key, older keys keep decrypting")
    @APIResponse(responseCode = "409", description = "the keys come from the environment: rotate them there")
    public Response rotate(@PathParam("tenant") String tenantId) {
        HistoryKeys historyKeys = enabled(tenantId);
        try {
            return Json.response(201, Map.of("tenant", tenantId, "keyIds", historyKeys.rotate(tenantId).ids()));
        } catch (IllegalStateException e) {
            throw new ApiException(409, "keys_read_only", e.getMessage());
        }
    }

    private HistoryKeys enabled(String tenantId) {
        if (tenants.find(tenantId).isEmpty()) {
            throw new ApiException(404, "tenant_not_found", "no tenant '" + ErrorText.printable(tenantId) + "'");
        }
        return keys.orElseThrow(() -> new ApiException(409, "encryption_off",
                "history encryption is off (talon.history.encryption)"));
    }
}
