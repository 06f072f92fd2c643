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
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The platform's message tool over real HTTP with the scripted provider (in-memory Temporal): the interim message
 * reaches the turn's SSE stream while the turn still runs (it then waits for an approval), once; the turn's
 * subagents route answers for it.
 */
@HelidonTest
@AddConfig(key = "talon.temporal.target", value = "in-memory")
@AddConfig(key = "talon.data-dir", value = "target/test-data/message-tool")
@AddConfig(key = "talon.plugins-dir", value = "target/plugins")
@AddConfig(key = "talon.tenants-file", value = "src/test/resources/tenants-test.yaml")
class MessageToolSseTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    WebTarget target;

    @Test
    void anInterimMessageReachesTheTurnsStreamOnceWhileTheTurnRuns() throws Exception {
        String session = "message-" + UUID.randomUUID();
        String body = JSON.createObjectNode().put("session", session).put("wait", false)
                .put("message", "/call message {\"content\": \"halfway there\"}\n"
                        + "/call write_file {\"path\": \"never.txt\", \"content\": \"x\"}").toString();
        String turnId = JSON.readTree(target.path("/v1/tenants/gamma/turns").request()
                .header("Authorization", "Bearer gamma-key").post(Entity.entity(body, MediaType.APPLICATION_JSON))
                .readEntity(String.class)).path("turnId").asText();
        String turn = "/v1/tenants/gamma/turns/" + turnId;

        List<SseStream.Item> events = new ArrayList<>();
        try (SseStream stream = SseStream.open(URI.create(target.getUri().toString()), turn + "/events", "gamma-key",
                null)) {
            assertThat(stream.status()).isEqualTo(200);
            SseStream.Item item;
            while ((item = stream.next()) != null && !"approval_needed".equals(item.name())) {
                if (item.isEvent()) {
                    events.add(item);
                }
            }
        }

        assertThat(events).filteredOn(item -> item.name().equals("message")).singleElement().satisfies(item -> {
            JsonNode data = JSON.readTree(item.data());
            assertThat(data.path("text").asText()).isEqualTo("halfway there");
            assertThat(data.path("turnId").asText()).isEqualTo(turnId);
            assertThat(data.path("id").asText()).startsWith("talon/gamma/turn/" + turnId + "/");
        });
        // a client connecting late gets the stream file first, then history: only its presence is promised
        assertThat(events.stream().map(SseStream.Item::name).toList()).contains("tool_started", "tool_finished");

        JsonNode subagents = JSON.readTree(target.path(turn + "/subagents").request()
                .header("Authorization", "Bearer gamma-key").get(String.class));
        assertThat(subagents.path("subagents").isArray()).isTrue();
        assertThat(subagents.path("subagents")).isEmpty();

        JsonNode status = JSON.readTree(target.path(turn).request().header("Authorization", "Bearer gamma-key")
                .get(String.class));
        String approvalId = status.path("pendingApprovals").get(0).path("approvalId").asText();
        target.path(turn + "/approvals/" + approvalId).request().header("Authorization", "Bearer gamma-key")
                .post(Entity.entity("{\"decision\":\"deny\"}", MediaType.APPLICATION_JSON)).close();
    }

    @Test
    void theSubagentsOfAnUnknownOrMalformedTurnAre404() {
        for (String turnId : List.of("no-such-turn", "..%2F..%2Fetc")) {
            try (Response response = target.path("/v1/tenants/gamma/turns/" + turnId + "/subagents").request()
                    .header("Authorization", "Bearer gamma-key").get()) {
                assertThat(response.getStatus()).isEqualTo(404);
                assertThat(response.readEntity(String.class)).contains("turn_not_found");
            }
        }
    }
}
