package dev.talon.platform.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.platform.plugin.PluginZips;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The plugin admin API over HTTP, on a copy of the built plugins: uploads are checked and take effect at once,
 * plugins in use are not pulled from under their tenants without force, and a reload in the middle of a tool
 * call lets the call finish (the unload grace is zero here, so only the call counting protects it).
 */
@ExtendWith(FreshPluginsAdminDir.class)
@HelidonTest
@AddConfig(key = "talon.temporal.target", value = "in-memory")
@AddConfig(key = "talon.data-dir", value = "target/test-data/plugins-admin/data")
@AddConfig(key = "talon.plugins-dir", value = "target/test-data/plugins-admin/plugins")
@AddConfig(key = "talon.tenants-file", value = "target/test-data/plugins-admin/tenants.yaml")
@AddConfig(key = "talon.admin.key", value = "test-admin-key")
@AddConfig(key = "talon.plugins.max-upload-bytes", value = "1048576")
@AddConfig(key = "talon.plugins.unload-grace-seconds", value = "0")
class AdminPluginResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    WebTarget target;

    private Response admin(String method, String path, Entity<?> body) {
        return AdminRequests.send(target, method, path, body);
    }

    private Response upload(byte[] zip) {
        return admin("POST", "/plugins", Entity.entity(zip, "application/zip"));
    }

    private static JsonNode json(Response response) {
        try {
            return JSON.readTree(response.readEntity(String.class));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A tenant with these plugins (the first is its provider), and its new key. */
    private String tenantWith(String tenant, String provider, String exec, String... plugins) {
        StringBuilder list = new StringBuilder("\"" + provider + "\"");
        for (String plugin : plugins) {
            list.append(", \"").append(plugin).append('"');
        }
        Response created = admin("PUT", "/tenants/" + tenant, Entity.json("""
                {"taskQueue": "q-%s", "plugins": [%s], "provider": {"plugin": "%s", "model": "scripted"},
                 "exec": {"backend": "%s", "trusted": %s}}""".formatted(tenant, list, provider, exec,
                exec.equals("local"))));
        assertThat(created.getStatus()).as(created.readEntity(String.class)).isEqualTo(201);
        return json(admin("POST", "/tenants/" + tenant + "/keys", null)).path("key").asText();
    }

    private Response turn(String tenant, String key, String message, boolean wait) {
        return target.path("/v1/tenants/" + tenant + "/turns").request().header("Authorization", "Bearer " + key)
                .post(Entity.json(JSON.createObjectNode().put("session", "s").put("message", message)
                        .put("wait", wait).toString()));
    }

    private static void assertError(Response response, int status, String code, String reason) {
        assertThat(response.getStatus()).isEqualTo(status);
        JsonNode error = json(response).path("error");
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("message").asText()).contains(reason);
    }

    @Test
    void anUploadedPluginIsListedAndServesATurnAtOnce() {
        String pluginId = unique("provider-up");
        Response uploaded = upload(PluginZips.withProperties("provider-scripted", Map.of("plugin.id", pluginId)));

        assertThat(uploaded.getStatus()).isEqualTo(201);
        JsonNode plugin = json(uploaded);
        assertThat(plugin.path("id").asText()).isEqualTo(pluginId);
        assertThat(plugin.path("state").asText()).isEqualTo("STARTED");
        assertThat(plugin.path("enabled").asBoolean()).isTrue();
        assertThat(plugin.path("file").asText()).isEqualTo(pluginId + ".zip");
        assertThat(plugin.path("extensions").toString()).contains("ScriptedProvider");

        String tenant = unique("up");
        String key = tenantWith(tenant, pluginId, "disabled");
        Response answered = turn(tenant, key, "/say served by an upload", true);
        assertThat(answered.getStatus()).isEqualTo(200);
        assertThat(json(answered).path("reply").asText()).isEqualTo("served by an upload");

        JsonNode listed = json(admin("GET", "/plugins/" + pluginId, null));
        assertThat(listed.path("tenants").toString()).contains(tenant);
        assertThat(json(admin("GET", "/plugins", null)).path("plugins").toString()).contains(pluginId);
    }

    @Test
    void badUploadsAreRefusedWithJsonReasons() {
        assertError(upload(PluginZips.without("tools-workspace", "classes/META-INF/extensions.idx")), 400,
                "invalid_plugin", "no extensions");
        assertError(upload("PK but not really".getBytes(StandardCharsets.UTF_8)), 400, "invalid_plugin",
                "not a zip or jar");
        assertError(upload(PluginZips.withProperties("tools-workspace", Map.of("plugin.version", "one"))), 400,
                "invalid_plugin", "semantic version");
        assertError(admin("POST", "/plugins", Entity.json("{}")), 415, "unsupported_media_type", "application/zip");
        assertError(admin("POST", "/plugins", Entity.entity(new byte[2 << 20], "application/octet-stream")), 413,
                "body_too_large", "1048576");
        assertThat(Path.of("target/test-data/plugins-admin/plugins")).isDirectoryNotContaining("glob:**/.upload-*");
    }

    @Test
    void aPluginInUseIsOnlyDeletedOrDisabledWithForce() {
        String pluginId = unique("tools-doomed");
        assertThat(upload(PluginZips.withProperties("tools-workspace", Map.of("plugin.id", pluginId))).getStatus())
                .isEqualTo(201);
        String tenant = unique("doomed");
        tenantWith(tenant, "provider-scripted", "disabled", pluginId);

        assertError(admin("DELETE", "/plugins/" + pluginId, null), 409, "plugin_in_use", tenant);
        assertError(admin("POST", "/plugins/" + pluginId + "/disable", null), 409, "plugin_in_use", tenant);
        assertThat(json(admin("GET", "/plugins/" + pluginId, null)).path("state").asText()).isEqualTo("STARTED");

        assertThat(admin("DELETE", "/plugins/" + pluginId + "?force=true", null).getStatus()).isEqualTo(200);
        assertThat(admin("GET", "/plugins/" + pluginId, null).getStatus()).isEqualTo(404);
        assertThat(Path.of("target/test-data/plugins-admin/plugins", pluginId + ".zip")).doesNotExist();
    }

    @Test
    void disablingMakesTurnsFailCleanlyAndEnablingOrReloadingBringsThePluginBack() {
        String pluginId = unique("provider-toggle");
        upload(PluginZips.withProperties("provider-scripted", Map.of("plugin.id", pluginId))).close();
        String tenant = unique("toggle");
        String key = tenantWith(tenant, pluginId, "disabled");

        JsonNode disabled = json(admin("POST", "/plugins/" + pluginId + "/disable?force=true", null));
        assertThat(disabled.path("state").asText()).isEqualTo("DISABLED");
        assertThat(disabled.path("enabled").asBoolean()).isFalse();
        Response failed = turn(tenant, key, "/say nobody answers", true);
        assertThat(failed.getStatus()).isEqualTo(502);
        assertThat(json(failed).path("error").path("message").asText()).contains(pluginId);

        assertThat(json(admin("POST", "/plugins/" + pluginId + "/enable", null)).path("state").asText())
                .isEqualTo("STARTED");
        assertThat(json(turn(tenant, key, "/say back again", true)).path("reply").asText()).isEqualTo("back again");

        assertThat(admin("POST", "/plugins/" + pluginId + "/reload", null).getStatus()).isEqualTo(200);
        assertThat(json(turn(tenant, key, "/say reloaded", true)).path("reply").asText()).isEqualTo("reloaded");
    }

    @Test
    void aToolCallRunningDuringAReloadFinishesOnTheVersionItStartedWith() throws Exception {
        String tenant = unique("inflight");
        String key = tenantWith(tenant, "provider-scripted", "local", "tools-shell", "exec-local");
        Response accepted = turn(tenant, key, "/call exec {\"command\":\"sleep 2; echo survived\"}", false);
        String turnId = json(accepted).path("turnId").asText();
        Thread.sleep(1000); // the command runs

        assertThat(admin("POST", "/plugins/exec-local/reload", null).getStatus()).isEqualTo(200);
        assertThat(admin("POST", "/plugins/tools-shell/reload", null).getStatus()).isEqualTo(200);

        JsonNode status = null;
        for (int i = 0; i < 100; i++) {
            status = json(target.path("/v1/tenants/" + tenant + "/turns/" + turnId).request()
                    .header("Authorization", "Bearer " + key).get());
            if (!status.path("status").asText().equals("running")) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(status.path("status").asText()).isEqualTo("completed");
        assertThat(status.path("reply").asText()).contains("survived");
    }

    @Test
    void unknownPluginsAre404AndEveryRouteNeedsTheAdminKey() {
        for (String route : new String[] {"/plugins/nope/enable", "/plugins/nope/disable", "/plugins/nope/reload"}) {
            assertError(admin("POST", route, null), 404, "plugin_not_found", "nope");
        }
        assertError(admin("DELETE", "/plugins/nope", null), 404, "plugin_not_found", "nope");
        assertError(admin("GET", "/plugins/..", null), 404, "plugin_not_found", "");

        assertThat(target.path("/v1/admin/plugins").request()
                .post(Entity.entity(PluginZips.without("tools-workspace"), "application/zip")).getStatus()).isEqualTo(401);
        assertThat(target.path("/v1/admin/plugins/tools-shell").request().header("Authorization", "Bearer nope")
                .delete().getStatus()).isEqualTo(401);
        assertThat(target.path("/v1/admin/plugins/tools-shell/disable").request().post(null).getStatus())
                .isEqualTo(401);
        assertThat(json(admin("GET", "/plugins/tools-shell", null)).path("state").asText()).isEqualTo("STARTED");
    }
}
