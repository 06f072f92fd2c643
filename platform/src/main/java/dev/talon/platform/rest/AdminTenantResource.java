package dev.talon.platform.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.talon.platform.tenant.TenantAdmin;
import dev.talon.platform.tenant.Ids;
import dev.talon.platform.tenant.InvalidTenantException;
import dev.talon.platform.tenant.TenantChange;
import dev.talon.platform.tenant.TenantConfig;
import dev.talon.platform.tenant.TenantStore;
import dev.talon.platform.worker.WorkerHost;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The admin API for tenants and their keys. Changes take effect at once: workers start, restart and stop. */
@Path("/v1/admin/tenants")
@AdminAuthenticated
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminTenantResource {

    private final TenantStore tenants;
    private final TenantAdmin tenantAdmin;
    private final Optional<WorkerHost> workers;

    @Inject
    public AdminTenantResource(TenantStore tenants, TenantAdmin tenantAdmin, Optional<WorkerHost> workers) {
        this.tenants = tenants;
        this.tenantAdmin = tenantAdmin;
        this.workers = workers;
    }

    @GET
    @Operation(summary = "All tenants")
    public Response list() {
        List<TenantView> views = tenants.all().stream().map(this::view).toList();
        return Json.response(200, Map.of("tenants", views));
    }

    @GET
    @Path("/{tenant}")
    @Operation(summary = "One tenant")
    @APIResponse(responseCode = "404", description = "no such tenant")
    public Response get(@PathParam("tenant") String tenantId) {
        return Json.response(200, view(existing(tenantId)));
    }

    @PUT
    @Path("/{tenant}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create or replace a tenant (its keys stay); validated against the loaded plugins")
    @APIResponse(responseCode = "200", description = "replaced")
    @APIResponse(responseCode = "201", description = "created")
    @APIResponse(responseCode = "400", description = "not valid; the message says why")
    public Response put(@PathParam("tenant") String tenantId,
                        String body) {
        requireTenantId(tenantId);
        JsonNode tree = Json.readTree(body);
        refuseKeys(tree);
        TenantConfig requested = Json.convert(tree, TenantConfig.class).withId(tenantId);
        TenantChange saved = write(() -> tenantAdmin.put(requested));
        return Json.response(saved.before().isPresent() ? 200 : 201, view(saved.after().orElseThrow()));
    }

    @PATCH
    @Path("/{tenant}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @Operation(summary = "Change part of a tenant (JSON merge patch); validated like PUT")
    public Response patch(@PathParam("tenant") String tenantId,
                          String body) {
        existing(tenantId);
        JsonNode patch = Json.readTree(body);
        refuseKeys(patch);
        // merged into the tenant as stored when it is written, not as read here: a key revoked meanwhile stays so
        TenantConfig saved = write(() -> tenantAdmin.update(tenantId, current -> patched(current, patch)))
                .orElseThrow(() -> notFound(tenantId));
        return Json.response(200, view(saved));
    }

    @DELETE
    @Path("/{tenant}")
    @Operation(summary = "Delete a tenant and stop its worker; its data stays unless purge=true")
    public Response delete(@PathParam("tenant") String tenantId, @QueryParam("purge") boolean purge) {
        existing(tenantId);
        if (!write(() -> tenantAdmin.delete(tenantId, purge))) {
            throw notFound(tenantId);
        }
        return Json.response(200, Map.of("deleted", tenantId, "purged", purge));
    }

    @POST
    @Path("/{tenant}/keys")
    @Operation(summary = "Make a new API key for the tenant; the response is the only time it is shown")
    public Response newKey(@PathParam("tenant") String tenantId) {
        existing(tenantId);
        TenantAdmin.NewKey key = write(() -> tenantAdmin.newKey(tenantId))
                .orElseThrow(() -> notFound(tenantId));
        return Json.response(201, key);
    }

    @DELETE
    @Path("/{tenant}/keys/{keyId}")
    @Operation(summary = "Revoke an API key")
    public Response revokeKey(@PathParam("tenant") String tenantId, @PathParam("keyId") String keyId) {
        existing(tenantId);
        if (!write(() -> tenantAdmin.revokeKey(tenantId, keyId))) {
            throw new ApiException(404, "key_not_found", "tenant '" + tenantId + "' has no key '"
                    + ErrorText.printable(keyId) + "'");
        }
        return Json.response(200, Map.of("revoked", keyId));
    }

    /** Runs a change of the store: an invalid result is 400 with every reason, a store that cannot write 503. */
    private static <T> T write(Supplier<T> change) {
        try {
            return change.get();
        } catch (InvalidTenantException e) {
            throw ApiException.badRequest("invalid_tenant", e.getMessage());
        } catch (IllegalStateException e) {
            throw new ApiException(503, "store_unavailable", e.getMessage());
        }
    }

    /** The tenant with a JSON merge patch applied; its id and keys are not the patch's to change. */
    private static TenantConfig patched(TenantConfig current, JsonNode patch) {
        ObjectNode merged = Json.MAPPER.valueToTree(current);
        merged.remove("id");
        merged.remove("apiKeys");
        mergePatch(merged, patch);
        return Json.convert(merged, TenantConfig.class).withId(current.id());
    }

    private TenantView view(TenantConfig tenant) {
        boolean running = workers.map(w -> w.tenantIds().contains(tenant.id())).orElse(false);
        return TenantView.of(tenant, running);
    }

    private TenantConfig existing(String tenantId) {
        if (!Ids.isValid(tenantId)) {
            throw notFound(tenantId);
        }
        return tenants.find(tenantId).orElseThrow(() -> notFound(tenantId));
    }

    private static ApiException notFound(String tenantId) {
        return new ApiException(404, "tenant_not_found", "no tenant '" + ErrorText.printable(tenantId) + "'");
    }

    private static void requireTenantId(String tenantId) {
        if (!Ids.isValid(tenantId)) {
            throw ApiException.badRequest("invalid_tenant", "a tenant id is 1-128 letters, digits, '.', '_' or '-', "
                    + "not starting with '.'");
        }
    }

    private static void refuseKeys(JsonNode body) {
        if (body.has("apiKeys") || body.has("keys")) {
            throw ApiException.badRequest("invalid_field", "keys are managed with POST and DELETE "
                    + "/v1/admin/tenants/{tenant}/keys, not in the tenant body");
        }
    }

    /** RFC 7396: objects merge, null removes, anything else replaces. */
    private static void mergePatch(ObjectNode target, JsonNode patch) {
        if (!patch.isObject()) {
            throw ApiException.badRequest("invalid_body", "a merge patch is a JSON object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = patch.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (value.isNull()) {
                target.remove(field.getKey());
            } else if (value.isObject() && target.path(field.getKey()).isObject()) {
                mergePatch((ObjectNode) target.get(field.getKey()), value);
            } else {
                target.set(field.getKey(), value);
            }
        }
    }
}
