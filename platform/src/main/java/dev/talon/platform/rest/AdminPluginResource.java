package dev.talon.platform.rest;

import dev.talon.platform.plugin.PluginHost;
import dev.talon.platform.plugin.PluginInfo;
import dev.talon.platform.plugin.PluginRefusedException;
import dev.talon.platform.tenant.Ids;
import dev.talon.platform.tenant.TenantConfig;
import dev.talon.platform.tenant.TenantStore;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The admin API for plugins: what is installed and who uses it; upload, enable, disable, reload and delete
 * while the server runs. How a change stays safe for turns in flight: {@link dev.talon.platform.plugin.PluginHost}.
 */
@Path("/v1/admin/plugins")
@AdminAuthenticated
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminPluginResource {

    static final String MAX_UPLOAD_KEY = "talon.plugins.max-upload-bytes";
    private static final Set<String> ARCHIVE_TYPES = Set.of("application/zip", "application/java-archive",
            "application/octet-stream");

    private final PluginHost plugins;
    private final TenantStore tenants;
    private final long maxUploadBytes;

    @Inject
    public AdminPluginResource(PluginHost plugins, TenantStore tenants,
                               @ConfigProperty(name = MAX_UPLOAD_KEY, defaultValue = "52428800") long maxUploadBytes) {
        this.plugins = plugins;
        this.tenants = tenants;
        this.maxUploadBytes = maxUploadBytes;
    }

    @GET
    @Operation(summary = "Installed plugins: id, version, state, file, extensions, tenants using each")
    public Response list() {
        List<PluginView> views = plugins.describe().stream().map(this::view).toList();
        return Json.response(200, Map.of("plugins", views));
    }

    @GET
    @Path("/{plugin}")
    @Operation(summary = "One installed plugin")
    @APIResponse(responseCode = "404", description = "no such plugin")
    public Response get(@PathParam("plugin") String pluginId) {
        return Json.response(200, view(existing(pluginId)));
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Upload a plugin zip or jar (the body); a plugin id already installed is replaced. "
            + "Checked before anything is loaded, then loaded and started; turns in flight finish on the old version")
    @APIResponse(responseCode = "201", description = "installed and started")
    @APIResponse(responseCode = "400", description = "not a valid plugin, or it failed to start; the message says why")
    @APIResponse(responseCode = "413", description = "larger than talon.plugins.max-upload-bytes")
    @APIResponse(responseCode = "415", description = "not sent as application/zip, application/java-archive "
            + "or application/octet-stream")
    public Response upload(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                           @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength, InputStream body) {
        requireArchiveType(contentType);
        if (contentLength != null && contentLength.strip().matches("[0-9]{1,18}")
                && Long.parseLong(contentLength.strip()) > maxUploadBytes) {
            throw tooLarge();
        }
        PluginInfo installed = change(() -> plugins.install(body, maxUploadBytes));
        return Json.response(201, view(installed));
    }

    @POST
    @Path("/{plugin}/enable")
    @Operation(summary = "Start a disabled plugin from its file")
    @APIResponse(responseCode = "400", description = "its file is no longer valid or it failed to start")
    public Response enable(@PathParam("plugin") String pluginId) {
        existing(pluginId);
        return Json.response(200, view(change(() -> plugins.enable(pluginId))));
    }

    @POST
    @Path("/{plugin}/disable")
    @Operation(summary = "Stop offering a plugin's tools and providers (kept across restarts); "
            + "409 while tenants use it unless force=true")
    @APIResponse(responseCode = "409", description = "tenants use the plugin; the message names them")
    public Response disable(@PathParam("plugin") String pluginId, @QueryParam("force") boolean force) {
        refuseWhileUsed(existing(pluginId), "disable", force);
        return Json.response(200, view(change(() -> plugins.disable(pluginId))));
    }

    @POST
    @Path("/{plugin}/reload")
    @Operation(summary = "Load the plugin's file again and swap the new version in; the old one keeps running "
            + "if the new one fails")
    @APIResponse(responseCode = "400", description = "the file is no longer valid or the new version failed to start")
    public Response reload(@PathParam("plugin") String pluginId) {
        existing(pluginId);
        return Json.response(200, view(change(() -> plugins.reload(pluginId))));
    }

    @DELETE
    @Path("/{plugin}")
    @Operation(summary = "Unload a plugin and delete its file; 409 while tenants use it unless force=true")
    @APIResponse(responseCode = "409", description = "tenants use the plugin; the message names them")
    public Response delete(@PathParam("plugin") String pluginId, @QueryParam("force") boolean force) {
        refuseWhileUsed(existing(pluginId), "delete", force);
        change(() -> {
            plugins.delete(pluginId);
            return null;
        });
        return Json.response(200, Map.of("deleted", pluginId));
    }

    private PluginView view(PluginInfo plugin) {
        return new PluginView(plugin.id(), plugin.version(), plugin.description(), plugin.state(), plugin.enabled(),
                plugin.file(), plugin.extensions(), tenantsUsing(plugin.id()), plugin.problem());
    }

    private List<String> tenantsUsing(String pluginId) {
        return tenants.all().stream()
                .filter(tenant -> tenant.plugins().contains(pluginId)).map(TenantConfig::id).sorted().toList();
    }

    private PluginInfo existing(String pluginId) {
        if (!Ids.isValid(pluginId)) {
            throw notFound(pluginId);
        }
        return plugins.describe(pluginId).orElseThrow(() -> notFound(pluginId));
    }

    /** A tenant listing the plugin would lose its tools or provider: only with force. */
    private void refuseWhileUsed(PluginInfo plugin, String action, boolean force) {
        List<String> tenants = tenantsUsing(plugin.id());
        if (!tenants.isEmpty() && !force) {
            throw new ApiException(409, "plugin_in_use", "plugin '" + plugin.id() + "' is used by tenants "
                    + tenants + "; remove it from their plugins first, or " + action + " it anyway with ?force=true "
                    + "(their turns then fail or miss its tools)");
        }
    }

    private <T> T change(Supplier<T> change) {
        try {
            return change.get();
        } catch (PluginRefusedException e) {
            throw switch (e.kind()) {
                case INVALID -> ApiException.badRequest("invalid_plugin", e.getMessage());
                case FAILED_TO_START -> ApiException.badRequest("plugin_failed_to_start", e.getMessage());
                case TOO_LARGE -> tooLarge();
                case UNKNOWN -> new ApiException(404, "plugin_not_found", e.getMessage());
            };
        }
    }

    private void requireArchiveType(String contentType) {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!ARCHIVE_TYPES.contains(type)) {
            throw new ApiException(415, "unsupported_media_type", "send the plugin zip or jar as the body with "
                    + "Content-Type application/zip, application/java-archive or application/octet-stream");
        }
    }

    private ApiException tooLarge() {
        return new ApiException(413, "body_too_large", "the plugin file is larger than the limit of "
                + maxUploadBytes + " bytes (" + MAX_UPLOAD_KEY + ")");
    }

    private static ApiException notFound(String pluginId) {
        return new ApiException(404, "plugin_not_found", "no plugin '" + ErrorText.printable(pluginId)
                + "' is installed");
    }

    record PluginView(String id, String version, String description, String state, boolean enabled, String file,
                      List<String> extensions, List<String> tenants, String problem) {
    }
}
