package dev.talon.platform.rest;

import dev.talon.platform.Platform;
import dev.talon.platform.plugin.PluginInfo;
import dev.talon.platform.tenant.TenantConfig;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The admin API for plugins: what is loaded and who uses it. */
@Path("/v1/admin/plugins")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminPluginResource {

    private final Platform platform;

    @Inject
    public AdminPluginResource(Platform platform) {
        this.platform = platform;
    }

    @GET
    @Operation(summary = "Loaded plugins: id, version, state, extensions, tenants using each")
    public Response list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        AdminGuard.authorize(platform.adminKeys(), authorization);
        List<PluginView> plugins = platform.plugins().describe().stream().map(this::view).toList();
        return Json.response(200, Map.of("plugins", plugins));
    }

    private PluginView view(PluginInfo plugin) {
        List<String> tenants = platform.tenants().all().stream()
                .filter(tenant -> tenant.plugins().contains(plugin.id())).map(TenantConfig::id).sorted().toList();
        return new PluginView(plugin.id(), plugin.version(), plugin.description(), plugin.state(), plugin.extensions(),
                tenants);
    }

    record PluginView(String id, String version, String description, String state, List<String> extensions,
                      List<String> tenants) {
    }
}
