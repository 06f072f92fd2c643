package dev.talon.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sessions, live progress, cancel and approvals with the REST server and the worker in different processes, on
 * the real Temporal dev server: progress comes from Temporal, not from an in-process bus.
 */
class SessionsAndControlIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final LocalClusterExtension LOCAL = LocalClusterExtension.named("sessions-and-control");

    private static URI api;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void findTheApi() {
        api = URI.create("http://127.0.0.1:" + LOCAL.cluster().server().orElseThrow().port());
    }

    @Test
    void threeConcurrentWaitingPostsToOneSessionGetTheirOwnRepliesAndStatusCountsThree() throws Exception {
        String session = "concurrent-" + UUID.randomUUID().toString().substring(0, 8);
        List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            String body = JSON.createObjectNode().put("message", "/say reply " + i).toString();
            posts.add(http.sendAsync(request(LocalCluster.TENANT, "/sessions/" + session + "/messages", LocalCluster.API_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        List<String> replies = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> post : posts) {
            HttpResponse<String> response = post.get();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            replies.add(JSON.readTree(response.body()).path("reply").asText());
        }

        assertThat(replies).containsExactly("reply 1", "reply 2", "reply 3");
        JsonNode status = get(LocalCluster.TENANT, "/sessions/" + session, LocalCluster.API_KEY);
        assertThat(status.path("status").path("turnsDone").asInt()).isEqualTo(3);
    }

    @Test
    void anAsyncTurnStreamsToolStartedAndIsCancelledWithinTwoSecondsWithNoSleepLeft() throws Exception {
        String marker = "28." + (100 + (int) (Math.random() * 800));
        String turnId = submit(LocalCluster.TENANT, LocalCluster.API_KEY, "cancel-it",
                "/call exec {\"command\":\"sleep " + marker + "\"}");
        try (BufferedReader events = events(LocalCluster.TENANT, LocalCluster.API_KEY, turnId)) {
            List<String> seen = new ArrayList<>();
            readUntil(events, seen, "tool_started");
            Chaos.await("the sleep to run", Duration.ofSeconds(10),
                    () -> sleeping(marker) ? java.util.Optional.of(true) : java.util.Optional.empty());

            long cancelAt = System.nanoTime();
            HttpResponse<String> cancel = http.send(request(LocalCluster.TENANT, "/turns/" + turnId + "/cancel",
                    LocalCluster.API_KEY).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(cancel.statusCode()).isEqualTo(202);
            readUntil(events, seen, "cancelled");
            long millis = (System.nanoTime() - cancelAt) / 1_000_000;
            Chaos.log("cancelled " + turnId + " in " + millis + " ms; events " + seen);

            assertThat(millis).isLessThan(2000);
            assertThat(sleeping(marker)).as("sleep " + marker + " is gone").isFalse();
        }
        assertThat(get(LocalCluster.TENANT, "/turns/" + turnId, LocalCluster.API_KEY).path("status").asText())
                .isEqualTo("cancelled");
    }

    @Test
    void anApprovalGatedToolRunsOnlyAfterApprovalInATenantsOwnNamespace() throws Exception {
        String name = "approved-" + UUID.randomUUID().toString().substring(0, 8) + ".txt";
        String turnId = submit(LocalCluster.CONTROL_TENANT, LocalCluster.CONTROL_KEY, "approvals",
                "/call write_file {\"path\":\"" + name + "\",\"content\":\"ok\"}");
        Path file = LOCAL.cluster().dataDir().resolve("tenants/control/workspace").resolve(name);
        try (BufferedReader events = events(LocalCluster.CONTROL_TENANT, LocalCluster.CONTROL_KEY, turnId)) {
            List<String> seen = new ArrayList<>();
            JsonNode needed = readUntil(events, seen, "approval_needed");
            assertThat(needed.path("tool").asText()).isEqualTo("write_file");
            Thread.sleep(1000);
            assertThat(file).doesNotExist();

            HttpResponse<String> approve = http.send(request(LocalCluster.CONTROL_TENANT,
                    "/turns/" + turnId + "/approvals/" + needed.path("approvalId").asText(), LocalCluster.CONTROL_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"decision\":\"approve\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(approve.statusCode()).as(approve.body()).isEqualTo(202);
            readUntil(events, seen, "completed");
            assertThat(seen).containsSubsequence("llm_started", "approval_needed", "tool_started", "tool_finished",
                    "completed");
        }
        assertThat(file).hasContent("ok");
    }

    private String submit(String tenant, String key, String session, String message) throws Exception {
        String body = JSON.createObjectNode().put("session", session).put("message", message).put("wait", false).toString();
        HttpResponse<String> accepted = http.send(request(tenant, "/turns", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return JSON.readTree(accepted.body()).path("turnId").asText();
    }

    private BufferedReader events(String tenant, String key, String turnId) throws Exception {
        HttpResponse<InputStream> stream = http.send(request(tenant, "/turns/" + turnId + "/events", key)
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        return new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
    }

    private JsonNode get(String tenant, String path, String key) throws Exception {
        return JSON.readTree(http.send(request(tenant, path, key).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private static HttpRequest.Builder request(String tenant, String path, String key) {
        return HttpRequest.newBuilder(api.resolve("/v1/tenants/" + tenant + path))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60));
    }

    /** Reads events until {@code wanted}; returns its data. */
    private static JsonNode readUntil(BufferedReader events, List<String> seen, String wanted) throws Exception {
        String event = null;
        String line;
        while ((line = events.readLine()) != null) {
            if (line.startsWith("event:")) {
                event = line.substring(6).strip();
                seen.add(event);
            } else if (line.startsWith("data:") && wanted.equals(event)) {
                return JSON.readTree(line.substring(5).strip());
            }
        }
        throw new AssertionError("the stream ended before " + wanted + "; saw " + seen);
    }

    private static boolean sleeping(String marker) {
        return ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().orElse("").contains("sleep " + marker));
    }
}
