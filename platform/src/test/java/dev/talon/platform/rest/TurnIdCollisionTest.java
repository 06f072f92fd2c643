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
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A client-chosen turn id names one turn: the same request again gets that turn, any other request with the id
 * gets a JSON 409, through either route (POST /turns and session messages) and whichever route started the turn.
 */
@HelidonTest
@AddConfig(key = "talon.temporal.target", value = "in-memory")
@AddConfig(key = "talon.data-dir", value = "target/test-data/turn-ids")
@AddConfig(key = "talon.plugins-dir", value = "target/plugins")
@AddConfig(key = "talon.tenants-file", value = "src/test/resources/tenants-test.yaml")
@Tag("hostile-model")
class TurnIdCollisionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    WebTarget target;

    @Test
    @DisplayName("finding: a session message reusing a turn id got a 502 with raw Temporal text")
    void aSessionMessageReusingAnotherTurnsIdGetsA409WithoutTemporalText() {
        String turnId = newId();
        assertReply(turn("acme", "s-" + newId(), "/say first", turnId, true), "first");

        Response reused = message("acme", "s-" + newId(), "/say second", turnId, true);

        JsonNode error = assertError(reused, 409, "turn_id_conflict");
        assertThat(error.path("message").asText()).contains(turnId)
                .doesNotContain("talon/").doesNotContain("workflow").doesNotContain("Temporal").doesNotContain("runId");
    }

    @Test
    @DisplayName("finding: POST /turns with a used turn id answered with another message's reply")
    void postingATurnIdUsedForAnotherMessageOrSessionGets409() {
        String session = "s-" + newId();
        String turnId = newId();
        assertReply(turn("acme", session, "/say mine", turnId, true), "mine");

        assertError(turn("acme", session, "/say other", turnId, true), 409, "turn_id_conflict");
        assertError(turn("acme", "s-" + newId(), "/say mine", turnId, true), 409, "turn_id_conflict");
        assertReply(turn("acme", session, "/say mine", turnId, true), "mine");
    }

    @Test
    @DisplayName("finding: a session message reusing a turn id of the same session answered with the earlier reply")
    void aSessionMessageReusingATurnIdOfItsOwnSessionForAnotherTextGets409() {
        String session = "s-" + newId();
        String turnId = newId();
        assertReply(message("acme", session, "/say one", turnId, true), "one");

        assertError(message("acme", session, "/say two", turnId, true), 409, "turn_id_conflict");
        assertReply(message("acme", session, "/say one", turnId, true), "one");
        assertReply(turn("acme", session, "/say one", turnId, true), "one");
    }

    @Test
    @DisplayName("finding: a waiting message reusing the turn id of a queued message got a 502")
    void aWaitingMessageReusingTheTurnIdOfAQueuedMessageGets409() {
        String session = "s-" + newId();
        String queuedId = newId();
        assertThat(message("beta", session, "/call exec {\"command\":\"sleep 3\"}", newId(), false).getStatus())
                .isEqualTo(202);
        assertThat(message("beta", session, "/say queued", queuedId, false).getStatus()).isEqualTo(202);

        assertError(message("beta", session, "/say intruder", queuedId, true), 409, "turn_id_conflict");
    }

    private Response turn(String tenant, String session, String text, String turnId, boolean wait) {
        String body = JSON.createObjectNode().put("session", session).put("message", text).put("turnId", turnId)
                .put("wait", wait).toString();
        return post(tenant, "/turns", body);
    }

    private Response message(String tenant, String session, String text, String turnId, boolean wait) {
        String body = JSON.createObjectNode().put("message", text).put("turnId", turnId).put("wait", wait).toString();
        return post(tenant, "/sessions/" + session + "/messages", body);
    }

    private Response post(String tenant, String path, String body) {
        return target.path("/v1/tenants/" + tenant + path).request()
                .header("Authorization", "Bearer " + tenant + "-key")
                .post(Entity.entity(body, MediaType.APPLICATION_JSON));
    }

    private static void assertReply(Response response, String reply) {
        String body = response.readEntity(String.class);
        assertThat(response.getStatus()).as(body).isEqualTo(200);
        assertThat(read(body).path("reply").asText()).isEqualTo(reply);
    }

    private static JsonNode assertError(Response response, int status, String code) {
        String body = response.readEntity(String.class);
        assertThat(response.getStatus()).as(body).isEqualTo(status);
        JsonNode error = read(body).path("error");
        assertThat(error.path("code").asText()).as(body).isEqualTo(code);
        return error;
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    private static String newId() {
        return "t-" + UUID.randomUUID();
    }
}
