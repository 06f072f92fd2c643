package dev.talon.platform.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tenant B's key reads, submits and cancels nothing of tenant A's, on every tenant route. */
@HelidonTest
@AddConfig(key = "talon.temporal.target", value = "in-memory")
@AddConfig(key = "talon.data-dir", value = "target/test-data/isolation")
@AddConfig(key = "talon.plugins-dir", value = "target/plugins")
@AddConfig(key = "talon.tenants-file", value = "src/test/resources/tenants-test.yaml")
class TenantIsolationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    WebTarget target;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String turnId;
    private String session;

    @BeforeEach
    void aTurnOfTenantA() throws Exception {
        session = "private-" + UUID.randomUUID();
        HttpResponse<String> made = send("POST", "/v1/tenants/acme/turns", "acme-key",
                JSON.createObjectNode().put("session", session).put("message", "/say secret of acme").toString());
        assertThat(made.statusCode()).isEqualTo(200);
        turnId = JSON.readTree(made.body()).path("turnId").asText();
    }

    /** A route of tenant A, called with someone else's key. */
    record Route(String method, String path, String body) {
    }

    private List<Route> routesOfA() {
        String turn = "/v1/tenants/acme/turns/" + turnId;
        String sessionPath = "/v1/tenants/acme/sessions/" + session;
        return List.of(
                new Route("POST", "/v1/tenants/acme/turns", "{\"session\":\"x\",\"message\":\"/say hi\"}"),
                new Route("GET", turn, null),
                new Route("GET", turn + "/events", null),
                new Route("POST", turn + "/cancel", ""),
                new Route("POST", turn + "/approvals/1-1", "{\"decision\":\"approve\"}"),
                new Route("GET", sessionPath + "/messages", null),
                new Route("POST", sessionPath + "/messages", "{\"message\":\"/say hi\"}"),
                new Route("GET", sessionPath, null),
                new Route("DELETE", sessionPath, null),
                new Route("GET", sessionPath + "/events", null));
    }

    @Test
    void anotherTenantsKeyIsRefusedOnEveryRouteOfA() throws Exception {
        for (Route route : routesOfA()) {
            HttpResponse<String> response = send(route.method(), route.path(), "beta-key", route.body());
            assertThat(response.statusCode()).as(route.method() + " " + route.path()).isEqualTo(401);
        }
        // and nothing changed for A: its turn is still completed, not cancelled, and the session holds one turn
        HttpResponse<String> status = send("GET", "/v1/tenants/acme/turns/" + turnId, "acme-key", null);
        assertThat(JSON.readTree(status.body()).path("status").asText()).isEqualTo("completed");
        HttpResponse<String> stored = send("GET", "/v1/tenants/acme/sessions/" + session + "/messages", "acme-key", null);
        assertThat(JSON.readTree(stored.body()).path("messages")).hasSize(2);
    }

    @Test
    void aTenantCannotReachAsTurnsAndSessionsThroughItsOwnRoutes() throws Exception {
        String turn = "/v1/tenants/beta/turns/" + turnId;
        assertThat(send("GET", turn, "beta-key", null).statusCode()).isEqualTo(404);
        assertThat(send("GET", turn + "/events", "beta-key", null).statusCode()).isEqualTo(404);
        assertThat(send("POST", turn + "/cancel", "beta-key", "").statusCode()).isEqualTo(404);
        assertThat(send("POST", turn + "/approvals/1-1", "beta-key", "{\"decision\":\"approve\"}").statusCode())
                .isEqualTo(404);
        assertThat(send("GET", "/v1/tenants/beta/sessions/" + session + "/messages", "beta-key", null).statusCode())
                .isEqualTo(404);
        assertThat(send("GET", "/v1/tenants/acme/turns/" + turnId, "acme-key", null).statusCode()).isEqualTo(200);
    }

    @Test
    void workspacesArePerTenant() throws Exception {
        String name = "mine-" + UUID.randomUUID() + ".txt";
        send("POST", "/v1/tenants/acme/turns", "acme-key", JSON.createObjectNode().put("session", session)
                .put("message", "/call write_file {\"path\":\"" + name + "\",\"content\":\"acme only\"}").toString());

        HttpResponse<String> read = send("POST", "/v1/tenants/beta/turns", "beta-key", JSON.createObjectNode()
                .put("session", "b").put("message", "/call read_file {\"path\":\"" + name + "\"}").toString());

        assertThat(JSON.readTree(read.body()).path("reply").asText()).contains("error in read_file").doesNotContain("acme only");
    }

    private HttpResponse<String> send(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.getUri() + path))
                .header("Authorization", "Bearer " + key).timeout(Duration.ofSeconds(30));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
