package dev.talon.platform.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A stream ends at talon.api.stream-max-lifetime-seconds, however long its turn runs (in-memory Temporal). */
@HelidonTest
@AddConfig(key = "talon.temporal.target", value = "in-memory")
@AddConfig(key = "talon.data-dir", value = "target/test-data/stream-lifetime")
@AddConfig(key = "talon.plugins-dir", value = "target/plugins")
@AddConfig(key = "talon.tenants-file", value = "src/test/resources/tenants-test.yaml")
@AddConfig(key = "talon.api.stream-max-lifetime-seconds", value = "2")
@AddConfig(key = "talon.api.stream-heartbeat-seconds", value = "1")
class ProgressStreamLifetimeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    WebTarget target;

    @Test
    @Tag("hostile-model")
    @DisplayName("SSE streams are unbounded: a stream on a turn that keeps running ends at its maximum lifetime, "
            + "and a reconnect with Last-Event-ID sends no history event twice")
    void aStreamEndsAtItsMaximumLifetime() throws Exception {
        String body = JSON.createObjectNode().put("session", "lifetime-" + UUID.randomUUID()).put("wait", false)
                .put("message", "/call write_file {\"path\":\"never.txt\",\"content\":\"x\"}").toString();
        String turnId = JSON.readTree(target.path("/v1/tenants/gamma/turns").request()
                .header("Authorization", "Bearer gamma-key").post(Entity.entity(body, MediaType.APPLICATION_JSON))
                .readEntity(String.class)).path("turnId").asText();
        String events = "/v1/tenants/gamma/turns/" + turnId + "/events";
        try {
            List<SseStream.Item> first = readToEnd(events, null); // a read timeout (30 s) fails the test
            assertThat(first.stream().filter(SseStream.Item::isEvent).map(SseStream.Item::name))
                    .contains("llm_started", "llm_finished", "approval_needed");
            assertThat(first.getLast().comment()).contains("lifetime");
            assertThat(status(turnId).path("status").asText()).as("the turn still runs").isEqualTo("running");

            long lastId = first.stream().filter(item -> item.id() != null).mapToLong(item -> Long.parseLong(item.id()))
                    .max().orElseThrow();
            List<SseStream.Item> second = readToEnd(events, String.valueOf(lastId));
            assertThat(second.stream().filter(item -> item.id() != null))
                    .as("history events after a reconnect").allSatisfy(item ->
                            assertThat(Long.parseLong(item.id())).isGreaterThan(lastId));
            assertThat(second.getLast().comment()).contains("lifetime");
        } finally {
            JsonNode turn = status(turnId);
            if (turn.has("pendingApprovals")) {
                String approvalId = turn.path("pendingApprovals").get(0).path("approvalId").asText();
                target.path(events.replace("/events", "/approvals/" + approvalId)).request()
                        .header("Authorization", "Bearer gamma-key")
                        .post(Entity.entity("{\"decision\":\"deny\"}", MediaType.APPLICATION_JSON)).close();
            }
        }
    }

    private List<SseStream.Item> readToEnd(String path, String lastEventId) throws Exception {
        try (SseStream stream = SseStream.open(URI.create(target.getUri().toString()), path, "gamma-key", lastEventId)) {
            assertThat(stream.status()).isEqualTo(200);
            List<SseStream.Item> items = new ArrayList<>();
            SseStream.Item item;
            while ((item = stream.next()) != null) {
                items.add(item);
            }
            return items;
        }
    }

    private JsonNode status(String turnId) throws Exception {
        return JSON.readTree(target.path("/v1/tenants/gamma/turns/" + turnId).request()
                .header("Authorization", "Bearer gamma-key").get(String.class));
    }
}
