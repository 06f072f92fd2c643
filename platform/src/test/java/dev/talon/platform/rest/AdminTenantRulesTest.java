package dev.talon.platform.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the admin API refuses to make of a tenant, whoever asks: shared task queues, untrusted exec-local. */
@ExtendWith(FreshTenantsFile.class)
@HelidonTest
@AddConfig(key = "talon.temporal.target", value = "in-memory")
@AddConfig(key = "talon.data-dir", value = "target/test-data/tenant-rules")
@AddConfig(key = "talon.plugins-dir", value = "target/plugins")
@AddConfig(key = "talon.tenants-file", value = "target/test-data/tenant-rules-tenants.yaml")
@AddConfig(key = "talon.admin.key", value = "test-admin-key")
@Tag("hostile-model")
class AdminTenantRulesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHELL_PLUGINS = """
            "plugins": ["tools-workspace", "tools-shell", "exec-local", "provider-scripted"],
            "provider": {"plugin": "provider-scripted", "model": "scripted"}""";

    @Inject
    WebTarget target;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @DisplayName("two tenants may share a namespace + task queue: the admin API refuses, naming the other tenant")
    void aSecondTenantOnTheSameNamespaceAndTaskQueueIsRefused() throws Exception {
        String first = unique("first");
        String second = unique("second");
        String queue = unique("q");
        String onQueue = "{\"taskQueue\": \"" + queue + "\", " + SHELL_PLUGINS + "}";
        assertThat(admin("PUT", first, onQueue).statusCode()).isEqualTo(201);

        assertRefused(admin("PUT", second, onQueue), "tenant '" + first + "'", "taskQueue '" + queue + "'");
        assertThat(admin("GET", second, null).statusCode()).isEqualTo(404);

        // the same queue name in another namespace is another queue; moving it back is refused again
        assertThat(admin("PUT", second, "{\"namespace\": \"elsewhere\", \"taskQueue\": \"" + queue + "\", "
                + SHELL_PLUGINS + "}").statusCode()).isEqualTo(201);
        assertRefused(admin("PATCH", second, "{\"namespace\": \"default\"}"), "tenant '" + first + "'");
        // a tenant does not clash with itself
        assertThat(admin("PUT", first, onQueue).statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("exec-local exposes the platform: an untrusted tenant on exec backend 'local' is refused (400)")
    void execLocalIsOnlyForTenantsMarkedTrusted() throws Exception {
        String tenant = unique("local");

        HttpResponse<String> refused = admin("PUT", tenant, "{\"exec\": {\"backend\": \"local\"}, "
                + SHELL_PLUGINS + "}");

        assertRefused(refused, "exec backend 'local' runs commands as the platform's user with its environment and "
                + "files", "trusted: true", "bubblewrap");
        assertThat(admin("GET", tenant, null).statusCode()).isEqualTo(404);
        String withoutExec = unique("patched");
        assertThat(admin("PUT", withoutExec, "{" + SHELL_PLUGINS + "}").statusCode()).isEqualTo(201);
        assertRefused(admin("PATCH", withoutExec, "{\"exec\": {\"backend\": \"local\"}}"), "trusted: true");
        assertThat(JSON.readTree(admin("GET", withoutExec, null).body()).path("exec").path("backend").asText())
                .isEqualTo("disabled");
    }

    @Test
    @DisplayName("exec-local exposes the platform: a tenant marked trusted gets it, and loses it with its trust")
    void aTrustedTenantRunsCommandsLocallyUntilItsTrustIsTakenAway() throws Exception {
        String tenant = unique("trusted");
        assertThat(admin("PUT", tenant, "{\"exec\": {\"backend\": \"local\", \"trusted\": true}, "
                + SHELL_PLUGINS + "}").statusCode()).isEqualTo(201);
        String key = JSON.readTree(send("POST", "/v1/admin/tenants/" + tenant + "/keys", AdminRequests.ADMIN, "")
                .body()).path("key").asText();

        HttpResponse<String> turn = send("POST", "/v1/tenants/" + tenant + "/turns", "Bearer " + key,
                "{\"session\": \"s\", \"message\": \"/call exec {\\\"command\\\":\\\"echo ran-locally\\\"}\"}");
        assertThat(turn.statusCode()).as(turn.body()).isEqualTo(200);
        assertThat(JSON.readTree(turn.body()).path("reply").asText()).contains("ran-locally");

        assertRefused(admin("PATCH", tenant, "{\"exec\": {\"trusted\": false}}"), "trusted: true");
        assertThat(JSON.readTree(admin("GET", tenant, null).body()).path("exec").path("trusted").asBoolean()).isTrue();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void assertRefused(HttpResponse<String> response, String... reasons) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("application/json"));
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("invalid_tenant");
        assertThat(error.path("message").asText()).contains(reasons);
    }

    private HttpResponse<String> admin(String method, String tenant, String body) throws Exception {
        return send(method, "/v1/admin/tenants/" + tenant, AdminRequests.ADMIN, body);
    }

    private HttpResponse<String> send(String method, String path, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.getUri() + path))
                .header("Authorization", authorization)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
