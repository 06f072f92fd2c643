package dev.talon.platform.rest;

import static dev.talon.platform.tenant.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** SSE streams are bounded: a cap per tenant, heartbeats that notice a client that left (in-memory Temporal). */
@HelidonTest
@AddConfig(key = "talon.temporal.target", value = "in-memory")
@AddConfig(key = "talon.data-dir", value = "target/test-data/stream-limits")
@AddConfig(key = "talon.plugins-dir", value = "target/plugins")
@AddConfig(key = "talon.tenants-file", value = "src/test/resources/tenants-test.yaml")
@AddConfig(key = "talon.api.max-streams-per-tenant", value = "3")
@AddConfig(key = "talon.api.stream-heartbeat-seconds", value = "1")
class ProgressStreamLimitsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    WebTarget target;

    @Test
    @Tag("hostile-model")
    @DisplayName("SSE streams are unbounded: a tenant's stream beyond talon.api.max-streams-per-tenant gets 429 JSON")
    void aStreamBeyondTheTenantsCapIsRefusedWith429() throws Exception {
        String turn = approvalTurn();
        String events = "/v1/tenants/gamma/turns/" + turn + "/events";
        try (SseStream first = open(events, "gamma-key"); SseStream second = open(events, "gamma-key");
             SseStream third = open(events, "gamma-key")) {
            assertThat(Arrays.asList(first.status(), second.status(), third.status())).containsOnly(200);

            try (SseStream refused = open(events, "gamma-key")) {
                assertThat(refused.status()).isEqualTo(429);
                assertThat(refused.header("Content-Type")).startsWith("application/json");
                assertThat(refused.header("Retry-After")).isNotBlank();
                JsonNode error = JSON.readTree(refused.body()).path("error");
                assertThat(error.path("code").asText()).isEqualTo("too_many_streams");
                assertThat(error.path("message").asText()).contains("talon.api.max-streams-per-tenant");
            }
            // the cap is per tenant: another tenant still opens its streams
            String session = idleSession("beta", "beta-key");
            try (SseStream other = open("/v1/tenants/beta/sessions/" + session + "/events", "beta-key")) {
                assertThat(other.status()).isEqualTo(200);
            }
        } finally {
            deny(turn);
        }
    }

    @Test
    @Tag("hostile-model")
    @DisplayName("SSE polling goes on after the client left: a gone client is noticed by the heartbeat, its slot and "
            + "history polling end")
    void aClientThatLeavesFreesItsSlotAndStopsTheHistoryPolling() throws Exception {
        String turn = approvalTurn();
        try {
            SseStream stream = open("/v1/tenants/gamma/turns/" + turn + "/events", "gamma-key");
            assertThat(stream.status()).isEqualTo(200);
            until(stream, "approval_needed");
            SseStream.Item idle = stream.next();
            assertThat(idle).as("an idle stream writes heartbeat comments").isNotNull();
            assertThat(idle.comment()).isEqualTo("keep-alive");
            assertThat(gauge("talon_sse_streams")).isGreaterThanOrEqualTo(1);
            assertThat(gauge("talon_sse_followed_workflows")).isGreaterThanOrEqualTo(1);

            stream.close(); // the client goes away without a word

            eventually(() -> { // this test's stream, and any other test left behind
                assertThat(gauge("talon_sse_streams")).as("open streams").isZero();
                assertThat(gauge("talon_sse_followed_workflows")).as("workflows still polled").isZero();
            });
            try (SseStream again = open("/v1/tenants/gamma/turns/" + turn + "/events", "gamma-key")) {
                assertThat(again.status()).isEqualTo(200);
            }
        } finally {
            deny(turn);
        }
    }

    /** A gamma turn that waits (60 s) for the approval of its write_file call: a stream on it stays open. */
    private String approvalTurn() throws Exception {
        String body = JSON.createObjectNode().put("session", "streams-" + UUID.randomUUID()).put("wait", false)
                .put("message", "/call write_file {\"path\":\"never.txt\",\"content\":\"x\"}").toString();
        String turnId = JSON.readTree(target.path("/v1/tenants/gamma/turns").request()
                .header("Authorization", "Bearer gamma-key")
                .post(Entity.entity(body, MediaType.APPLICATION_JSON)).readEntity(String.class)).path("turnId").asText();
        assertThat(turnId).isNotBlank();
        return turnId;
    }

    /** A session whose workflow idles after one answered message: its event stream stays open. */
    private String idleSession(String tenant, String key) {
        String session = "idle-" + UUID.randomUUID();
        int status = target.path("/v1/tenants/" + tenant + "/sessions/" + session + "/messages").request()
                .header("Authorization", "Bearer " + key)
                .post(Entity.entity("{\"message\":\"/say hi\"}", MediaType.APPLICATION_JSON)).getStatus();
        assertThat(status).isEqualTo(200);
        return session;
    }

    private void deny(String turnId) throws Exception {
        for (int i = 0; i < 100; i++) {
            JsonNode turn = JSON.readTree(target.path("/v1/tenants/gamma/turns/" + turnId).request()
                    .header("Authorization", "Bearer gamma-key").get(String.class));
            if (turn.has("pendingApprovals")) {
                String approvalId = turn.path("pendingApprovals").get(0).path("approvalId").asText();
                target.path("/v1/tenants/gamma/turns/" + turnId + "/approvals/" + approvalId).request()
                        .header("Authorization", "Bearer gamma-key")
                        .post(Entity.entity("{\"decision\":\"deny\"}", MediaType.APPLICATION_JSON)).close();
                return;
            }
            Thread.sleep(100);
        }
    }

    private SseStream open(String path, String key) throws IOException {
        return SseStream.open(URI.create(target.getUri().toString()), path, key, null);
    }

    private static void until(SseStream stream, String name) throws IOException {
        SseStream.Item item;
        while ((item = stream.nextEvent()) != null) {
            if (item.name().equals(name)) {
                return;
            }
        }
        throw new AssertionError("the stream ended before " + name);
    }

    /** A gauge's value from /metrics (Prometheus text); an AssertionError when it is not there. */
    private double gauge(String name) {
        String metrics = target.path("/metrics").request().header("Accept", "text/plain").get(String.class);
        return metrics.lines().filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no gauge " + name + " on /metrics"));
    }
}
