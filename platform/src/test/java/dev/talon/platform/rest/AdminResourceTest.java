package dev.talon.platform.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admin API against a tenant file the test starts without: tenants and keys are made over HTTP, take effect
 * at once (a worker starts, a key works), and deleting a tenant stops its worker.
 */
@ExtendWith(FreshTenantsFile.class)
@HelidonTest
@AddConfig(key = "talon.temporal.target", value = "in-memory")
@AddConfig(key = "talon.data-dir", value = "target/test-data/admin")
@AddConfig(key = "talon.plugins-dir", value = "target/plugins")
@AddConfig(key = "talon.tenants-file", value = "target/test-data/admin-tenants.yaml")
@AddConfig(key = "talon.admin.key", value = "test-admin-key")
class AdminResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = AdminRequests.ADMIN;

    @Inject
    WebTarget target;

    private Response admin(String method, String path, String body) {
        return AdminRequests.send(target, method, path, body == null ? null : Entity.json(body));
    }

    /** PATCH through java.net.http: the test client's HttpURLConnection does not know the method. */
    private JsonNode patch(String path, String body, int expectedStatus) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(target.getUri() + "/v1/admin" + path))
                .header("Authorization", ADMIN).header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        return JSON.readTree(response.body());
    }

    private static JsonNode json(Response response) {
        try {
            return JSON.readTree(response.readEntity(String.class));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A tenant on this exec backend; on {@code local}, which is for trusted tenants only, marked trusted. */
    private static String tenantBody(String exec) {
        return """
                {"taskQueue": "q-%s", "plugins": ["tools-workspace", "tools-shell", "exec-local", "provider-scripted"],
                 "provider": {"plugin": "provider-scripted", "model": "scripted"}, "exec": {"backend": "%s"%s}}
                """.formatted(UUID.randomUUID(), exec, exec.equals("local") ? ", \"trusted\": true" : "");
    }

    private Response turn(String tenant, String key, String message) {
        return target.path("/v1/tenants/" + tenant + "/turns").request().header("Authorization", "Bearer " + key)
                .post(Entity.json(JSON.createObjectNode().put("session", "s").put("message", message).toString()));
    }

    @Test
    void aTenantMadeOverTheApiRunsTurnsWithItsNewKeyAndNothingElse() {
        String id = "t-" + UUID.randomUUID().toString().substring(0, 8);
        Response created = admin("PUT", "/tenants/" + id, tenantBody("local"));
        assertThat(created.getStatus()).isEqualTo(201);
        assertThat(json(created).path("workerRunning").asBoolean()).isTrue();

        JsonNode key = json(admin("POST", "/tenants/" + id + "/keys", null));
        String secret = key.path("key").asText();
        assertThat(secret).startsWith("tk_");

        Response answered = turn(id, secret, "/say made by the admin API");
        assertThat(answered.getStatus()).isEqualTo(200);
        assertThat(json(answered).path("reply").asText()).isEqualTo("made by the admin API");
        // the key is hashed in the store and never shown again
        JsonNode shown = json(admin("GET", "/tenants/" + id, null));
        assertThat(shown.toString()).doesNotContain(secret).contains(key.path("keyId").asText());
        assertThat(shown.has("apiKeys")).isFalse();
        // the same key opens nothing of another tenant, nor the admin API
        admin("PUT", "/tenants/other-" + id, tenantBody("local")).close();
        assertThat(turn("other-" + id, secret, "/say hi").getStatus()).isEqualTo(401);
        assertThat(target.path("/v1/admin/tenants").request().header("Authorization", "Bearer " + secret).get()
                .getStatus()).isEqualTo(401);

        // revoked: refused at once
        assertThat(admin("DELETE", "/tenants/" + id + "/keys/" + key.path("keyId").asText(), null).getStatus()).isEqualTo(200);
        assertThat(turn(id, secret, "/say again").getStatus()).isEqualTo(401);
    }

    @Test
    void deletingATenantStopsItsWorkerAndPurgeRemovesItsData() throws Exception {
        String id = "d-" + UUID.randomUUID().toString().substring(0, 8);
        admin("PUT", "/tenants/" + id, tenantBody("local")).close();
        String secret = json(admin("POST", "/tenants/" + id + "/keys", null)).path("key").asText();
        turn(id, secret, "/call write_file {\"path\":\"a.txt\",\"content\":\"x\"}").close();
        Path data = Path.of("target/test-data/admin/tenants", id);
        assertThat(data.resolve("workspace/a.txt")).exists();

        assertThat(admin("DELETE", "/tenants/" + id, null).getStatus()).isEqualTo(200);
        assertThat(turn(id, secret, "/say hi").getStatus()).isEqualTo(404);
        assertThat(data).exists(); // kept without purge
        assertThat(json(admin("GET", "/tenants", null)).toString()).doesNotContain(id);

        admin("PUT", "/tenants/" + id, tenantBody("local")).close();
        // links the tenant's programs left behind: purge removes them, never what they point at
        Path host = Files.createDirectories(Path.of("target/test-data/admin-host-" + id));
        Files.writeString(host.resolve("keep.txt"), "host file");
        Files.createSymbolicLink(data.resolve("workspace/to-host"), host.toAbsolutePath());
        Files.createSymbolicLink(data.resolve("workspace/to-host-file"), host.resolve("keep.txt").toAbsolutePath());
        assertThat(admin("DELETE", "/tenants/" + id + "?purge=true", null).getStatus()).isEqualTo(200);
        assertThat(Files.exists(data)).isFalse();
        assertThat(host.resolve("keep.txt")).hasContent("host file");
    }

    @Test
    void invalidTenantsAreRefusedWithTheReason() {
        assertBad(admin("PUT", "/tenants/x1", """
                {"plugins": ["no-such-plugin", "provider-scripted"], "provider": {"plugin": "provider-scripted"}}"""),
                "no-such-plugin");
        assertBad(admin("PUT", "/tenants/x2", """
                {"plugins": ["tools-workspace"], "provider": {"plugin": "tools-workspace"}}"""), "offers no LLM provider");
        assertBad(admin("PUT", "/tenants/x3", """
                {"plugins": ["provider-scripted"], "provider": {"plugin": "provider-scripted"}, "exec": {"backend": "warp"}}"""),
                "exec backend 'warp'");
        assertBad(admin("PUT", "/tenants/x4", """
                {"plugins": ["provider-scripted"], "provider": {"plugin": "provider-scripted"}, "taskQueue": "bad queue!"}"""),
                "taskQueue");
        assertBad(admin("PUT", "/tenants/x5", """
                {"plugins": ["provider-scripted"], "provider": {"plugin": "provider-scripted"}, "apiKeys": ["sha256:00"]}"""),
                "keys are managed");
        assertBad(admin("PUT", "/tenants/x6", "{\"plugins\": \"provider-scripted\"}"), "plugins");
        assertThat(admin("PUT", "/tenants/..", tenantBody("local")).getStatus()).isIn(400, 404);
        assertThat(admin("GET", "/tenants/x1", null).getStatus()).isEqualTo(404);
    }

    @Test
    void patchChangesPartOfATenantAndIsValidatedToo() throws Exception {
        String id = "p-" + UUID.randomUUID().toString().substring(0, 8);
        admin("PUT", "/tenants/" + id, tenantBody("local")).close();

        JsonNode patched = patch("/tenants/" + id, "{\"exec\": {\"backend\": \"disabled\"}, \"limits\": {\"maxIterations\": 3}}", 200);
        assertThat(patched.path("exec").path("backend").asText()).isEqualTo("disabled");
        assertThat(patched.path("limits").path("maxIterations").asInt()).isEqualTo(3);
        assertThat(patched.path("limits").path("execTimeoutSeconds").asInt()).isEqualTo(60);
        assertThat(patch("/tenants/" + id, "{\"provider\": {\"plugin\": \"nope\"}}", 400).path("error").path("message")
                .asText()).contains("nope");
    }

    @Test
    void subagentsAreOffUntilPatchedOnAndTheirLimitsAreValidated() throws Exception {
        String id = "sa-" + UUID.randomUUID().toString().substring(0, 8);
        admin("PUT", "/tenants/" + id, tenantBody("disabled")).close();

        JsonNode on = patch("/tenants/" + id, "{\"subagents\": {\"enabled\": true, \"maxDepth\": 2}}", 200);
        assertThat(on.path("subagents").toString())
                .isEqualTo("{\"enabled\":true,\"maxDepth\":2,\"maxConcurrent\":3,\"maxIterations\":15}");
        assertThat(patch("/tenants/" + id, "{\"subagents\": {\"maxDepth\": 9}}", 400).path("error").path("message")
                .asText()).contains("subagents.maxDepth must be between 1 and 5");
        assertThat(patch("/tenants/" + id, "{\"subagents\": {\"maxConcurrent\": \"many\"}}", 400).path("error")
                .path("code").asText()).isNotEmpty();
    }

    @Test
    void toolOutputCharsOutsideItsRangeIsRefusedWith400AndInsideItIsKept() throws Exception {
        String id = "o-" + UUID.randomUUID().toString().substring(0, 8);
        admin("PUT", "/tenants/" + id, tenantBody("disabled")).close();

        assertThat(patch("/tenants/" + id, "{\"limits\": {\"toolOutputChars\": 999}}", 400).path("error")
                .path("message").asText()).contains("limits.toolOutputChars must be between 1000 and 200000");
        patch("/tenants/" + id, "{\"limits\": {\"toolOutputChars\": 200001}}", 400);
        assertThat(json(admin("GET", "/tenants/" + id, null)).path("limits").path("toolOutputChars").asInt())
                .isEqualTo(16_000);
        assertThat(patch("/tenants/" + id, "{\"limits\": {\"toolOutputChars\": 200000}}", 200).path("limits")
                .path("toolOutputChars").asInt()).isEqualTo(200_000);
    }

    @Test
    void aTenantWithExecDisabledCannotRunExecEvenByAForgedCall() {
        String id = "n-" + UUID.randomUUID().toString().substring(0, 8);
        admin("PUT", "/tenants/" + id, tenantBody("disabled")).close();
        String secret = json(admin("POST", "/tenants/" + id + "/keys", null)).path("key").asText();

        JsonNode reply = json(turn(id, secret, "/call exec {\"command\":\"touch forged\"}"));

        assertThat(reply.path("reply").asText()).contains("Tool 'exec' not found");
        assertThat(Path.of("target/test-data/admin/tenants", id, "workspace/forged")).doesNotExist();
    }

    @Test
    void pluginsAreListedWithTheirTenants() {
        String id = "u-" + UUID.randomUUID().toString().substring(0, 8);
        admin("PUT", "/tenants/" + id, tenantBody("local")).close();

        JsonNode plugins = json(admin("GET", "/plugins", null)).path("plugins");

        JsonNode shell = null;
        for (JsonNode plugin : plugins) {
            if (plugin.path("id").asText().equals("tools-shell")) {
                shell = plugin;
            }
        }
        assertThat(shell).isNotNull();
        assertThat(shell.path("state").asText()).isEqualTo("STARTED");
        assertThat(shell.path("extensions").toString()).contains("ShellTools");
        assertThat(shell.path("tenants").toString()).contains(id);
    }

    @Test
    void adminRoutesNeedTheAdminKey() {
        assertThat(target.path("/v1/admin/tenants").request().get().getStatus()).isEqualTo(401);
        assertThat(target.path("/v1/admin/tenants").request().header("Authorization", "Bearer admin-key").get()
                .getStatus()).isEqualTo(401);
        assertThat(target.path("/v1/admin/plugins").request().header("Authorization", "Bearer nope").get()
                .getStatus()).isEqualTo(401);
    }

    private static void assertBad(Response response, String reason) {
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(json(response).path("error").path("message").asText()).contains(reason);
    }
}
