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
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Request bodies are read one way only: a fraction or an exponent where a whole number belongs, and a field given
 * twice, are refused with a JSON 400 instead of being rounded or resolved by "last one wins". The tenant is made
 * over the admin API, so a body wrongly accepted cannot change the shared test tenants file.
 */
@HelidonTest
@AddConfig(key = "talon.temporal.target", value = "in-memory")
@AddConfig(key = "talon.data-dir", value = "target/test-data/strict-json")
@AddConfig(key = "talon.plugins-dir", value = "target/plugins")
@AddConfig(key = "talon.tenants-file", value = "target/test-data/strict-json-tenants.yaml")
@AddConfig(key = "talon.admin.key", value = "test-admin-key")
class StrictJsonBodiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TENANT = "strict";
    private static final String TENANT_BODY = """
            {"taskQueue": "q-%s", "plugins": ["tools-workspace", "provider-scripted"],
             "provider": {"plugin": "provider-scripted", "model": "scripted"}, "exec": {"backend": "disabled"}}""";
    private static volatile String tenantKey;

    @Inject
    WebTarget target;

    private final HttpClient http = HttpClient.newHttpClient();

    static Stream<Arguments> hostileBodies() {
        String turns = "/v1/tenants/" + TENANT + "/turns";
        String messages = "/v1/tenants/" + TENANT + "/sessions/s/messages";
        String newTenant = "/v1/admin/tenants/n-" + UUID.randomUUID();
        String tenant = "/v1/admin/tenants/" + TENANT;
        return Stream.of(
                Arguments.of("POST", turns, "{\"session\":\"s\",\"message\":\"/say hi\",\"timeoutSeconds\":1.5}", "invalid_field"),
                Arguments.of("POST", turns, "{\"session\":\"s\",\"message\":\"/say hi\",\"timeoutSeconds\":1e2}", "invalid_field"),
                Arguments.of("POST", turns, "{\"session\":\"s\",\"message\":\"/say hi\",\"timeoutSeconds\":5.0}", "invalid_field"),
                Arguments.of("POST", messages, "{\"message\":\"/say hi\",\"timeoutSeconds\":2.5}", "invalid_field"),
                Arguments.of("PUT", newTenant, tenantBody().replace("}}", "}, \"limits\": {\"maxIterations\": 1.5}}"),
                        "invalid_field"),
                Arguments.of("PUT", newTenant, tenantBody().replace("}}", "}, \"approval\": {\"tools\": [], \"timeoutSeconds\": 1e2}}"),
                        "invalid_field"),
                Arguments.of("PATCH", tenant, "{\"limits\":{\"maxIterations\":2.5}}", "invalid_field"),
                Arguments.of("POST", turns, "{\"session\":\"s\",\"message\":\"/say a\",\"message\":\"/say b\"}", "duplicate_field"),
                Arguments.of("POST", messages, "{\"message\":\"/say a\",\"message\":\"/say b\"}", "duplicate_field"),
                Arguments.of("POST", turns + "/t1/approvals/c1", "{\"decision\":\"deny\",\"decision\":\"approve\"}",
                        "duplicate_field"),
                Arguments.of("PUT", newTenant, tenantBody().replace("{\"taskQueue\"", "{\"plugins\": [], \"taskQueue\""),
                        "duplicate_field"),
                Arguments.of("PATCH", tenant, "{\"limits\":{\"maxIterations\":3,\"maxIterations\":40}}", "duplicate_field"));
    }

    @ParameterizedTest
    @MethodSource("hostileBodies")
    @Tag("hostile-model")
    @DisplayName("finding: floats were accepted for integers and repeated keys were accepted (last one won)")
    void floatsForIntegersAndRepeatedFieldsAreRefused(String method, String path, String body, String code) throws Exception {
        HttpResponse<String> response = send(method, path, body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("code").asText()).as(response.body()).isEqualTo(code);
    }

    @Test
    void wholeNumbersAndSingleFieldsStillPass() throws Exception {
        HttpResponse<String> patched = send("PATCH", "/v1/admin/tenants/" + TENANT, "{\"limits\":{\"maxIterations\":4}}");
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        assertThat(JSON.readTree(patched.body()).path("limits").path("maxIterations").asInt()).isEqualTo(4);

        HttpResponse<String> turn = send("POST", "/v1/tenants/" + TENANT + "/turns",
                "{\"session\":\"s\",\"message\":\"/say whole\",\"timeoutSeconds\":30}");
        assertThat(turn.statusCode()).as(turn.body()).isEqualTo(200);
        assertThat(JSON.readTree(turn.body()).path("reply").asText()).isEqualTo("whole");
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        String key = tenantKey();
        String auth = path.startsWith("/v1/admin") ? AdminRequests.ADMIN : "Bearer " + key;
        return http.send(HttpRequest.newBuilder(URI.create(target.getUri() + path))
                .header("Authorization", auth).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The test tenant and a key for it, made once over the admin API. */
    private String tenantKey() throws Exception {
        if (tenantKey == null) {
            HttpResponse<String> put = adminCall("PUT", "/v1/admin/tenants/" + TENANT, tenantBody());
            assertThat(put.statusCode()).as(put.body()).isIn(200, 201);
            HttpResponse<String> key = adminCall("POST", "/v1/admin/tenants/" + TENANT + "/keys", "");
            tenantKey = JSON.readTree(key.body()).path("key").asText();
        }
        return tenantKey;
    }

    /** A valid tenant on a task queue of its own, so a wrongly accepted tenant cannot take the test tenant's tasks. */
    private static String tenantBody() {
        return TENANT_BODY.formatted(UUID.randomUUID());
    }

    private HttpResponse<String> adminCall(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(target.getUri() + path))
                .header("Authorization", AdminRequests.ADMIN).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
