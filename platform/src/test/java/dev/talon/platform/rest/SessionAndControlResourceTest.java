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
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Sessions, SSE progress, cancel and approvals through the REST API (workers on in-memory Temporal). */
@HelidonTest
@AddConfig(key = "talon.temporal.target", value = "in-memory")
@AddConfig(key = "talon.data-dir", value = "target/test-data/control")
@AddConfig(key = "talon.plugins-dir", value = "target/plugins")
@AddConfig(key = "talon.tenants-file", value = "src/test/resources/tenants-test.yaml")
class SessionAndControlResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    WebTarget target;

    private Response post(String tenant, String key, String path, String body) {
        return target.path("/v1/tenants/" + tenant + path).request().header("Authorization", "Bearer " + key)
                .post(Entity.entity(body, MediaType.APPLICATION_JSON));
    }

    private JsonNode get(String tenant, String key, String path) {
        return json(target.path("/v1/tenants/" + tenant + path).request().header("Authorization", "Bearer " + key).get());
    }

    private static JsonNode json(Response response) {
        try {
            return JSON.readTree(response.readEntity(String.class));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private JsonNode until(String tenant, String key, String path, Predicate<JsonNode> done) throws Exception {
        JsonNode last = null;
        for (int i = 0; i < 200; i++) {
            last = get(tenant, key, path);
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("gave up waiting on " + path + ": " + last);
    }

    @Test
    void waitingPostsToASessionReturnTheirOwnRepliesAndStatusCountsTurns() {
        // concurrent posts are tested against the real Temporal server (SessionsIT): the in-memory
        // server mishandles concurrent update-with-start calls
        String session = "seq-" + UUID.randomUUID();
        for (int i = 1; i <= 3; i++) {
            Response response = post("acme", "acme-key", "/sessions/" + session + "/messages",
                    JSON.createObjectNode().put("message", "/say reply " + i).toString());
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(json(response).path("reply").asText()).isEqualTo("reply " + i);
        }

        JsonNode status = get("acme", "acme-key", "/sessions/" + session);
        assertThat(status.path("status").path("turnsDone").asInt()).isEqualTo(3);
        assertThat(status.path("status").path("state").asText()).isEqualTo("idle");
        assertThat(get("acme", "acme-key", "/sessions/" + session + "/messages").path("messages")).hasSize(6);
    }

    @Test
    void unknownSessionsAndBadBodiesAreRefused() {
        assertThat(target.path("/v1/tenants/acme/sessions/nobody").request().header("Authorization", "Bearer acme-key")
                .get().getStatus()).isEqualTo(404);
        assertThat(target.path("/v1/tenants/acme/sessions/nobody").request().header("Authorization", "Bearer acme-key")
                .delete().getStatus()).isEqualTo(404);
        assertThat(post("acme", "acme-key", "/sessions/s/messages", "{\"message\":\"\"}").getStatus()).isEqualTo(400);
        assertThat(post("acme", "acme-key", "/sessions/s/messages", "{\"text\":\"hi\"}").getStatus()).isEqualTo(400);
        assertThat(post("acme", "beta-key", "/sessions/s/messages", "{\"message\":\"hi\"}").getStatus()).isEqualTo(401);
    }

    @Test
    void aQueuedMessageIsAnsweredAndDeleteEndsTheSession() throws Exception {
        String session = "queued-" + UUID.randomUUID();
        Response queued = post("acme", "acme-key", "/sessions/" + session + "/messages",
                "{\"message\":\"/say later\",\"wait\":false}");
        assertThat(queued.getStatus()).isEqualTo(202);
        assertThat(json(queued).path("status").asText()).isEqualTo("queued");

        until("acme", "acme-key", "/sessions/" + session, s -> s.path("status").path("turnsDone").asInt() == 1);
        Response ended = target.path("/v1/tenants/acme/sessions/" + session).request()
                .header("Authorization", "Bearer acme-key").delete();
        assertThat(ended.getStatus()).isEqualTo(202);
        assertThat(get("acme", "acme-key", "/sessions/" + session + "/messages").path("messages").get(1)
                .path("content").asText()).isEqualTo("later");
    }

    @Test
    void aTurnStreamsProgressAndIsCancelledWithinTwoSecondsKillingItsCommand() throws Exception {
        String marker = "29." + (100 + (int) (Math.random() * 800));
        Response accepted = post("beta", "beta-key", "/turns", JSON.createObjectNode().put("session", "cancel-me")
                .put("message", "/call exec {\"command\":\"sleep " + marker + "\"}").put("wait", false).toString());
        String turnId = json(accepted).path("turnId").asText();

        HttpResponse<java.io.InputStream> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(target.getUri() + "/v1/tenants/beta/turns/" + turnId + "/events"))
                .header("Authorization", "Bearer beta-key").header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        BufferedReader events = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        readUntil(events, seen, "tool_started");
        for (int i = 0; i < 50 && !sleeping(marker); i++) {
            Thread.sleep(100);
        }
        assertThat(sleeping(marker)).as("the command runs").isTrue();

        long cancelAt = System.nanoTime();
        assertThat(post("beta", "beta-key", "/turns/" + turnId + "/cancel", "").getStatus()).isEqualTo(202);
        readUntil(events, seen, "cancelled");
        long millis = (System.nanoTime() - cancelAt) / 1_000_000;

        assertThat(millis).as("cancelled after %d ms", millis).isLessThan(2000);
        assertThat(sleeping(marker)).as("no sleep left").isFalse();
        assertThat(seen).containsSubsequence("llm_started", "llm_finished", "tool_started", "cancelled");
        JsonNode status = get("beta", "beta-key", "/turns/" + turnId);
        assertThat(status.path("status").asText()).isEqualTo("cancelled");
        JsonNode stored = get("beta", "beta-key", "/sessions/cancel-me/messages").path("messages");
        assertThat(stored.get(stored.size() - 1).path("content").asText()).isEqualTo("(cancelled)");
    }

    @Test
    void anApprovalGatedToolRunsOnlyAfterApproval() throws Exception {
        String name = "approved-" + UUID.randomUUID() + ".txt";
        Response accepted = post("gamma", "gamma-key", "/turns", JSON.createObjectNode().put("session", "approvals")
                .put("message", "/call write_file {\"path\":\"" + name + "\",\"content\":\"ok\"}").put("wait", false).toString());
        String turnId = json(accepted).path("turnId").asText();

        JsonNode waiting = until("gamma", "gamma-key", "/turns/" + turnId, t -> t.has("pendingApprovals"));
        String approvalId = waiting.path("pendingApprovals").get(0).path("approvalId").asText();
        Path file = Path.of("target/test-data/control/tenants/gamma/workspace", name);
        assertThat(file).doesNotExist();
        assertThat(post("gamma", "gamma-key", "/turns/" + turnId + "/approvals/nope", "{\"decision\":\"approve\"}")
                .getStatus()).isEqualTo(404);
        String approval = "/turns/" + turnId + "/approvals/" + approvalId;
        assertThat(post("gamma", "gamma-key", approval, "{\"decision\":\"maybe\"}").getStatus()).isEqualTo(400);

        assertThat(post("gamma", "gamma-key", approval, "{\"decision\":\"approve\"}").getStatus()).isEqualTo(202);
        JsonNode done = until("gamma", "gamma-key", "/turns/" + turnId, t -> t.path("status").asText().equals("completed"));

        assertThat(done.path("reply").asText()).startsWith("write_file: Wrote");
        assertThat(file).hasContent("ok");
    }

    @Test
    void aDeniedToolNeverRunsAndTheLlmReadsTheDenial() throws Exception {
        String name = "denied-" + UUID.randomUUID() + ".txt";
        String turnId = json(post("gamma", "gamma-key", "/turns", JSON.createObjectNode().put("session", "approvals")
                .put("message", "/call write_file {\"path\":\"" + name + "\",\"content\":\"no\"}").put("wait", false)
                .toString())).path("turnId").asText();
        String approvalId = until("gamma", "gamma-key", "/turns/" + turnId, t -> t.has("pendingApprovals"))
                .path("pendingApprovals").get(0).path("approvalId").asText();

        post("gamma", "gamma-key", "/turns/" + turnId + "/approvals/" + approvalId,
                "{\"decision\":\"deny\",\"reason\":\"not today\"}").close();
        JsonNode done = until("gamma", "gamma-key", "/turns/" + turnId, t -> t.path("status").asText().equals("completed"));

        assertThat(done.path("reply").asText()).contains("error in write_file").contains("not today");
        assertThat(Path.of("target/test-data/control/tenants/gamma/workspace", name)).doesNotExist();
    }

    /** Starts a gamma turn whose write_file waits for approval; returns the turn id once it waits. */
    private String turnWaitingForApproval(String name) throws Exception {
        String turnId = json(post("gamma", "gamma-key", "/turns", JSON.createObjectNode().put("session", "approvals")
                .put("message", "/call write_file {\"path\":\"" + name + "\",\"content\":\"x\"}").put("wait", false)
                .toString())).path("turnId").asText();
        until("gamma", "gamma-key", "/turns/" + turnId, t -> t.has("pendingApprovals"));
        return turnId;
    }

    @Test
    @Tag("hostile-model")
    @DisplayName("Approval bypass: the model's own call id is not an approval id — 404 JSON, nothing runs")
    void theModelsCallIdIsRefusedWith404() throws Exception {
        String name = "model-id-" + UUID.randomUUID() + ".txt";
        String turnId = turnWaitingForApproval(name);

        // the scripted model names its first call call_1_1: deciding by that id must not count
        Response refused = post("gamma", "gamma-key", "/turns/" + turnId + "/approvals/call_1_1",
                "{\"decision\":\"approve\"}");

        assertThat(refused.getStatus()).isEqualTo(404);
        assertThat(refused.getMediaType().toString()).startsWith("application/json");
        assertThat(json(refused).path("error").path("code").asText()).isEqualTo("approval_not_found");
        JsonNode pending = get("gamma", "gamma-key", "/turns/" + turnId).path("pendingApprovals");
        assertThat(pending).singleElement().satisfies(approval -> {
            assertThat(approval.path("approvalId").asText()).isEqualTo("1-1");
            assertThat(approval.path("tool").asText()).isEqualTo("write_file");
            assertThat(approval.path("arguments").path("path").asText()).isEqualTo(name);
        });
        post("gamma", "gamma-key", "/turns/" + turnId + "/approvals/1-1", "{\"decision\":\"deny\"}").close();
        until("gamma", "gamma-key", "/turns/" + turnId, t -> t.path("status").asText().equals("completed"));
        assertThat(Path.of("target/test-data/control/tenants/gamma/workspace", name)).doesNotExist();
    }

    @Test
    @Tag("hostile-model")
    @DisplayName("Approval bypass: a decision is taken once — deciding again is 409 JSON, as is deciding an ended turn")
    void decidingTwiceIsRefusedWith409() throws Exception {
        String name = "twice-" + UUID.randomUUID() + ".txt";
        String turnId = turnWaitingForApproval(name);
        String shownId = get("gamma", "gamma-key", "/turns/" + turnId).path("pendingApprovals").get(0)
                .path("approvalId").asText();
        String approval = "/turns/" + turnId + "/approvals/" + shownId;

        Response denied = post("gamma", "gamma-key", approval, "{\"decision\":\"deny\",\"reason\":\"no\"}");
        assertThat(denied.getStatus()).isEqualTo(202);
        Response again = post("gamma", "gamma-key", approval, "{\"decision\":\"approve\"}");

        assertThat(again.getStatus()).isEqualTo(409);
        assertThat(json(again).path("error").path("code").asText()).isEqualTo("already_decided");
        assertThat(json(denied).path("tool").asText()).isEqualTo("write_file");
        until("gamma", "gamma-key", "/turns/" + turnId, t -> t.path("status").asText().equals("completed"));
        Response ended = post("gamma", "gamma-key", approval, "{\"decision\":\"approve\"}");
        assertThat(ended.getStatus()).isEqualTo(409);
        assertThat(json(ended).path("error").path("code").asText()).isEqualTo("turn_not_running");
        assertThat(post("gamma", "gamma-key", "/turns/no-such-turn/approvals/" + shownId, "{\"decision\":\"approve\"}")
                .getStatus()).isEqualTo(404);
        assertThat(Path.of("target/test-data/control/tenants/gamma/workspace", name)).doesNotExist();
    }

    private static void readUntil(BufferedReader events, List<String> seen, String wanted) throws Exception {
        String line;
        while ((line = events.readLine()) != null) {
            if (line.startsWith("event:")) {
                String event = line.substring(6).strip();
                seen.add(event);
                if (event.equals(wanted)) {
                    return;
                }
            }
        }
        throw new AssertionError("stream ended before " + wanted + "; saw " + seen);
    }

    private static boolean sleeping(String marker) {
        return ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().orElse("").contains("sleep " + marker));
    }
}
