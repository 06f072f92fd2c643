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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What the console reads that the API had no route for (sessions and latest turns of a tenant, health for operators),
 * and the console's own files: served with a policy that forbids inline scripts, and nothing else from the class path.
 */
@HelidonTest
@AddConfig(key = "talon.temporal.target", value = "in-memory")
@AddConfig(key = "talon.data-dir", value = "target/test-data/console-routes")
@AddConfig(key = "talon.plugins-dir", value = "target/plugins")
@AddConfig(key = "talon.tenants-file", value = "src/test/resources/tenants-test.yaml")
@AddConfig(key = "talon.admin.key", value = "test-admin-key")
class ConsoleRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    WebTarget target;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.getUri() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theConsolePageAndItsFilesCarryTheContentSecurityPolicy() throws Exception {
        HttpResponse<String> page = send("GET", "/console", null, null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(ConsoleResource.CONTENT_SECURITY_POLICY);
        assertThat(page.body()).contains("/console/app.js");

        HttpResponse<String> script = send("GET", "/console/app.js", null, null);
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
        assertThat(script.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void onlyTheConsolesOwnFilesAreServed() throws Exception {
        for (String path : new String[] {"/console/nothing.js", "/console/..%2Fapplication.yaml", "/console/index.html",
                "/console/META-INF%2Fbeans.xml", "/console/App.js"}) {
            HttpResponse<String> response = send("GET", path, null, null);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.body()).as(path).doesNotContain("<html");
        }
    }

    @Test
    void aTenantListsItsOwnSessionsOnly() throws Exception {
        String session = "listed-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> turn = send("POST", "/v1/tenants/acme/turns", "acme-key",
                JSON.createObjectNode().put("session", session).put("message", "/say hi").toString());
        assertThat(turn.statusCode()).as(turn.body()).isEqualTo(200);

        JsonNode mine = JSON.readTree(send("GET", "/v1/tenants/acme/sessions", "acme-key", null).body());
        assertThat(mine.path("sessions").toString()).contains(session);
        assertThat(mine.path("truncated").asBoolean()).isFalse();
        JsonNode theirs = JSON.readTree(send("GET", "/v1/tenants/beta/sessions", "beta-key", null).body());
        assertThat(theirs.path("sessions").toString()).doesNotContain(session);
    }

    @Test
    void theLatestTurnsRouteAnswersAndRefusesABadLimit() throws Exception {
        HttpResponse<String> turns = send("GET", "/v1/tenants/acme/turns?limit=5", "acme-key", null);
        assertThat(turns.statusCode()).as(turns.body()).isEqualTo(200);
        assertThat(JSON.readTree(turns.body()).path("turns").isArray()).isTrue();
        HttpResponse<String> bad = send("GET", "/v1/tenants/acme/turns?limit=0", "acme-key", null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).path("error").path("code").asText()).isEqualTo("invalid_field");
    }

    @Test
    void aFinishedToolEventTellsItsResultWorkerAttemptAndDuration() throws Exception {
        String turnId = "facts-" + UUID.randomUUID();
        String message = "/call write_file {\"path\":\"" + turnId + ".txt\",\"content\":\"<b>x</b>\"}\n"
                + "/call read_file {\"path\":\"" + turnId + ".txt\"}";
        HttpResponse<String> turn = send("POST", "/v1/tenants/acme/turns", "acme-key", JSON.createObjectNode()
                .put("session", "facts").put("message", message).put("turnId", turnId).toString());
        assertThat(turn.statusCode()).as(turn.body()).isEqualTo(200);

        List<JsonNode> finished = new ArrayList<>();
        try (SseStream stream = SseStream.open(URI.create(target.getUri().toString()),
                "/v1/tenants/acme/turns/" + turnId + "/events", "acme-key", null)) {
            SseStream.Item item;
            while ((item = stream.nextEvent()) != null) {
                if (item.name().endsWith("_finished")) {
                    finished.add(JSON.readTree(item.data()));
                }
            }
        }
        JsonNode read = finished.stream().filter(e -> "read_file".equals(e.path("name").asText())).findFirst().orElseThrow();
        assertThat(read.path("result").asText()).isEqualTo("<b>x</b>");
        assertThat(read.path("attempt").asInt()).isEqualTo(1);
        assertThat(read.path("durationMs").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(read.path("worker").asText()).isNotBlank();
        JsonNode lastLlm = finished.stream().filter(e -> "llm_finished".equals(e.path("type").asText()))
                .reduce((a, b) -> b).orElseThrow();
        assertThat(lastLlm.path("text").asText()).contains("<b>x</b>");
        assertThat(lastLlm.has("durationMs")).isTrue();
    }

    @Test
    void adminHealthNamesTemporalAndEveryTenantsQueue() throws Exception {
        HttpResponse<String> health = send("GET", "/v1/admin/health", "test-admin-key", null);
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(health.body());
        assertThat(body.path("temporal").path("serving").asBoolean()).isTrue();
        assertThat(body.path("queues").findValuesAsText("tenant")).contains("acme", "beta");
        assertThat(body.path("workersInThisProcess").toString()).contains("acme");
        assertThat(send("GET", "/v1/admin/health", "acme-key", null).statusCode()).isEqualTo(401);
    }
}
