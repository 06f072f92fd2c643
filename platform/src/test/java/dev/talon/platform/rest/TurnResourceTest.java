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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The REST contract against a real Helidon server, real plugin zips and workers on Temporal's in-memory
 * server (durability is tested elsewhere, against the real Temporal server).
 */
@HelidonTest
@AddConfig(key = "talon.temporal.target", value = "in-memory")
@AddConfig(key = "talon.data-dir", value = "target/test-data/rest")
@AddConfig(key = "talon.plugins-dir", value = "target/plugins")
@AddConfig(key = "talon.tenants-file", value = "src/test/resources/tenants-test.yaml")
class TurnResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACME = "Bearer acme-key";

    @Inject
    WebTarget target;

    private Response post(String tenant, String auth, String body) {
        var request = target.path("/v1/tenants/" + tenant + "/turns").request();
        if (auth != null) {
            request = request.header("Authorization", auth);
        }
        return request.post(Entity.entity(body, MediaType.APPLICATION_JSON));
    }

    private static JsonNode json(Response response) {
        try {
            return JSON.readTree(response.readEntity(String.class));
        } catch (Exception e) {
            throw new AssertionError("response is not JSON", e);
        }
    }

    private static String turn(String session, String message) {
        return JSON.createObjectNode().put("session", session).put("message", message).toString();
    }

    private static String session() {
        return "s-" + UUID.randomUUID();
    }

    private static void assertError(Response response, int status, String code) {
        assertThat(response.getStatus()).isEqualTo(status);
        assertThat(response.getMediaType().toString()).startsWith("application/json");
        assertThat(json(response).path("error").path("code").asText()).isEqualTo(code);
    }

    @Test
    void sayAnswersWith200AndTheReply() {
        Response response = post("acme", ACME, turn(session(), "/say hello there"));

        assertThat(response.getStatus()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.path("status").asText()).isEqualTo("completed");
        assertThat(body.path("reply").asText()).isEqualTo("hello there");
        assertThat(body.path("tenant").asText()).isEqualTo("acme");
        assertThat(body.path("iterations").asInt()).isEqualTo(1);
        assertThat(body.path("turnId").asText()).startsWith("t-");
        assertThat(body.has("usage")).isTrue();
    }

    @Test
    void writeFileCallCreatesTheFileInTheTenantWorkspace() throws Exception {
        String name = "hello-" + UUID.randomUUID() + ".txt";
        Response response = post("acme", ACME, turn(session(),
                "/call write_file {\"path\":\"" + name + "\",\"content\":\"hi\"}"));

        JsonNode body = json(response);
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(body.path("toolsUsed").toString()).isEqualTo("[\"write_file\"]");
        assertThat(body.path("reply").asText()).contains("write_file");
        assertThat(Path.of("target/test-data/rest/tenants/acme/workspace", name)).hasContent("hi");
    }

    @Test
    void theStoredConversationHoldsTheUserMessageAndTheReply() {
        String session = session();
        post("acme", ACME, turn(session, "/say stored")).close();

        Response response = target.path("/v1/tenants/acme/sessions/" + session + "/messages").request()
                .header("Authorization", ACME).get();

        assertThat(response.getStatus()).isEqualTo(200);
        JsonNode messages = json(response).path("messages");
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).path("role").asText()).isEqualTo("user");
        assertThat(messages.get(0).path("content").asText()).isEqualTo("/say stored");
        assertThat(messages.get(1).path("content").asText()).isEqualTo("stored");
    }

    @Test
    void recallFindsAnEarlierMessageInALaterTurn() {
        String session = session();
        post("acme", ACME, turn(session, "my favourite number is 42")).close();

        JsonNode body = json(post("acme", ACME, turn(session, "/recall favourite")));

        assertThat(body.path("reply").asText()).isEqualTo("my favourite number is 42");
    }

    @Test
    void resubmittingATurnIdReturnsTheSameTurnAndRecordsItOnce() {
        String session = session();
        String body = JSON.createObjectNode().put("session", session).put("message", "/say once")
                .put("turnId", "fixed-" + UUID.randomUUID()).toString();

        JsonNode first = json(post("acme", ACME, body));
        JsonNode second = json(post("acme", ACME, body));

        assertThat(second.path("turnId").asText()).isEqualTo(first.path("turnId").asText());
        assertThat(second.path("reply").asText()).isEqualTo("once");
        JsonNode messages = json(target.path("/v1/tenants/acme/sessions/" + session + "/messages").request()
                .header("Authorization", ACME).get()).path("messages");
        assertThat(messages).hasSize(2);
    }

    @Test
    void waitFalseAnswers202ThenGetShowsTheResult() throws Exception {
        Response accepted = post("acme", ACME, JSON.createObjectNode().put("session", session())
                .put("message", "/say later").put("wait", false).toString());

        assertThat(accepted.getStatus()).isEqualTo(202);
        String turnId = json(accepted).path("turnId").asText();
        JsonNode status = null;
        for (int i = 0; i < 100; i++) {
            status = json(target.path("/v1/tenants/acme/turns/" + turnId).request().header("Authorization", ACME).get());
            if (status.path("status").asText().equals("completed")) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(status.path("status").asText()).isEqualTo("completed");
        assertThat(status.path("reply").asText()).isEqualTo("later");
    }

    @Test
    void aRejectedLlmCallFailsTheTurnWith502AndStoresNothing() {
        String session = session();
        Response response = post("acme", ACME, turn(session, "/fail model not found"));

        assertThat(response.getStatus()).isEqualTo(502);
        JsonNode body = json(response);
        assertThat(body.path("status").asText()).isEqualTo("failed");
        assertThat(body.path("error").path("code").asText()).isEqualTo("turn_failed");
        assertThat(body.path("error").path("message").asText()).contains("scripted failure: model not found");
        assertError(target.path("/v1/tenants/acme/sessions/" + session + "/messages").request()
                .header("Authorization", ACME).get(), 404, "session_not_found");
    }

    @Test
    void aForgedCallToAToolOutsideTheTenantsPluginsIsRefusedByTheWorker() throws Exception {
        // acme may not use tools-shell; the scripted LLM "forges" a call to exec anyway
        Response response = post("acme", ACME, turn(session(), "/call exec {\"command\":\"touch forged.txt\"}"));

        JsonNode body = json(response);
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(body.path("reply").asText()).contains("error in exec").contains("Tool 'exec' not found");
        assertThat(Files.exists(Path.of("target/test-data/rest/tenants/acme/workspace/forged.txt"))).isFalse();
    }

    @Test
    void aPathOutsideTheWorkspaceIsAToolErrorAndWritesNothing() {
        Response response = post("acme", ACME, turn(session(),
                "/call write_file {\"path\":\"../escaped.txt\",\"content\":\"x\"}"));

        assertThat(json(response).path("reply").asText()).contains("error in write_file");
        assertThat(Path.of("target/test-data/rest/tenants/acme/escaped.txt")).doesNotExist();
    }

    @Test
    void unknownTenantIs404() {
        assertError(post("nobody", ACME, turn("s", "hi")), 404, "tenant_not_found");
    }

    @Test
    void missingKeyIs401() {
        Response response = post("acme", null, turn("s", "hi"));
        assertThat(response.getHeaderString("WWW-Authenticate")).isEqualTo("Bearer");
        assertError(response, 401, "missing_api_key");
    }

    @Test
    void wrongKeyIs401() {
        assertError(post("acme", "Bearer wrong", turn("s", "hi")), 401, "invalid_api_key");
        assertError(post("acme", "Basic YWNtZS1rZXk=", turn("s", "hi")), 401, "invalid_api_key");
    }

    @Test
    void anotherTenantsKeyIs401() {
        assertError(post("acme", "Bearer beta-key", turn("s", "hi")), 401, "invalid_api_key");
    }

    @Test
    void malformedJsonIs400() {
        assertError(post("acme", ACME, "{\"session\": \"s\", "), 400, "invalid_json");
        assertError(post("acme", ACME, "not json"), 400, "invalid_json");
        assertError(post("acme", ACME, "{} trailing"), 400, "invalid_json");
    }

    @Test
    void emptyOrNonObjectBodyIs400() {
        assertError(post("acme", ACME, ""), 400, "missing_body");
        assertError(post("acme", ACME, "[1,2]"), 400, "invalid_field");
        assertError(post("acme", ACME, "null"), 400, "invalid_body");
    }

    @Test
    void missingFieldsAre400() {
        assertError(post("acme", ACME, "{\"message\":\"hi\"}"), 400, "missing_field");
        assertError(post("acme", ACME, "{\"session\":\"s\"}"), 400, "missing_field");
        assertError(post("acme", ACME, "{\"session\":\"s\",\"message\":\"   \"}"), 400, "missing_field");
    }

    @Test
    void badValuesAre400() {
        assertError(post("acme", ACME, turn("../etc", "hi")), 400, "invalid_field");
        assertError(post("acme", ACME, turn("a\u0000b", "hi")), 400, "invalid_field");
        assertError(post("acme", ACME, "{\"session\":\"s\",\"message\":\"hi\",\"turnId\":\"a/b\"}"), 400, "invalid_field");
        assertError(post("acme", ACME, "{\"session\":\"s\",\"message\":\"hi\",\"wait\":\"yes\"}"), 400, "invalid_field");
        assertError(post("acme", ACME, "{\"session\":\"s\",\"message\":\"hi\",\"timeoutSeconds\":0}"), 400, "invalid_field");
        assertError(post("acme", ACME, "{\"session\":\"s\",\"message\":\"hi\",\"timeoutSeconds\":99999999999}"), 400,
                "invalid_field");
        assertError(post("acme", ACME, "{\"session\":42,\"message\":\"hi\"}"), 400, "invalid_field");
        assertError(post("acme", ACME, "{\"session\":\"s\",\"message\":\"hi\",\"extra\":1}"), 400, "unknown_field");
    }

    @Test
    void wrongMediaTypeIs415() {
        Response response = target.path("/v1/tenants/acme/turns").request().header("Authorization", ACME)
                .post(Entity.entity(turn("s", "hi"), MediaType.TEXT_PLAIN));
        assertError(response, 415, "unsupported_media_type");
    }

    @Test
    void unknownTurnAndSessionAre404() {
        assertError(target.path("/v1/tenants/acme/turns/no-such-turn").request().header("Authorization", ACME).get(),
                404, "turn_not_found");
        assertError(target.path("/v1/tenants/acme/sessions/no-such-session/messages").request()
                .header("Authorization", ACME).get(), 404, "session_not_found");
    }

    @Test
    void anotherTenantCannotReadATurn() {
        String turnId = json(post("acme", ACME, turn(session(), "/say private"))).path("turnId").asText();

        assertError(target.path("/v1/tenants/beta/turns/" + turnId).request().header("Authorization", "Bearer beta-key")
                .get(), 404, "turn_not_found");
    }

    @Test
    void healthAndOpenApiAreServed() {
        assertThat(target.path("/health").request().get().getStatus()).isEqualTo(200);
        assertThat(target.path("/health/ready").request().get(String.class)).contains("temporal");
        assertThat(target.path("/metrics").request().get().getStatus()).isEqualTo(200);
        String openapi = target.path("/openapi").request().get(String.class);
        assertThat(openapi).contains("/v1/tenants/{tenant}/turns").contains("/v1/admin/tenants/{tenant}")
                .contains("TurnSubmission").contains("timeoutSeconds");
    }
}
