package dev.talon.testkit;

import static dev.talon.testkit.Chaos.EXEC;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.talon.platform.tenant.ApiKeys;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleHandle;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Schedules on the real Temporal dev server, REST server and two workers as processes: a 2-second job fires and its
 * turns land in its session, pause stops it, trigger fires it now, delete removes it; the cron tool makes a job from
 * a user's turn and refuses to from a scheduled one; a worker killed in the middle of a scheduled turn loses nothing;
 * the heartbeat is a schedule made from the tenant config: a beat is stored, HEARTBEAT_OK is not, turning it off
 * removes it.
 */
class SchedulesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PLANNER = "planner";
    private static final String PLANNER_KEY = "fake-planner-key";
    private static final String BEATER = "beater";
    private static final String BEATER_KEY = "fake-beater-key";
    private static final String ADMIN_KEY = "fake-it-admin-key";

    @RegisterExtension
    static final LocalClusterExtension LOCAL = LocalClusterExtension.named("schedules").withWorkers(2)
            .withJvmFlags("-Dtalon.admin.key=" + ADMIN_KEY)
            .withTenants("""
                      %s:
                        apiKeys: ["%s"]
                        namespace: default
                        taskQueue: talon-planner
                        plugins: [tools-workspace, provider-scripted]
                        provider: {plugin: provider-scripted, model: scripted}
                        schedules: {tool: true, maxJobs: 3}
                      %s:
                        apiKeys: ["%s"]
                        namespace: default
                        taskQueue: talon-beater
                        plugins: [tools-workspace, provider-scripted]
                        provider: {plugin: provider-scripted, model: scripted}
                        heartbeat: {enabled: true, everyMinutes: 60, session: beats}
                    """.formatted(PLANNER, ApiKeys.hash(PLANNER_KEY), BEATER, ApiKeys.hash(BEATER_KEY)));

    private static URI api;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void findTheApi() {
        api = URI.create("http://127.0.0.1:" + LOCAL.cluster().server().orElseThrow().port());
    }

    @Test
    void aTwoSecondJobFiresIntoItsSessionPauseStopsItTriggerFiresItDeleteRemovesIt() throws Exception {
        ObjectNode job = JSON.createObjectNode().put("jobId", "tick").put("session", "sched-tick")
                .put("message", "/say tick").put("everySeconds", 2);
        HttpResponse<String> created = send("POST", LocalCluster.TENANT, "", LocalCluster.API_KEY, job.toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(JSON.readTree(created.body()).path("timing").asText()).isEqualTo("every_seconds=2");

        Chaos.await("two firings stored", Duration.ofSeconds(90), () -> storedTurns("sched-tick") >= 2
                ? Optional.of(true) : Optional.empty());
        assertThat(assistantReplies("sched-tick")).allMatch("tick"::equals);

        JsonNode paused = JSON.readTree(send("POST", LocalCluster.TENANT, "/tick/pause", LocalCluster.API_KEY, null)
                .body());
        assertThat(paused.path("paused").asBoolean()).isTrue();
        assertThat(paused.path("nextRuns")).isEmpty();
        // every firing before the pause has stored its turn: then three intervals pass without one
        long firings = Chaos.await("the fired turns to be stored", Duration.ofSeconds(60), () -> {
            long fired = job("tick").path("firings").asLong();
            return storedTurns("sched-tick") == fired ? Optional.of(fired) : Optional.empty();
        });
        Thread.sleep(6_000);
        assertThat(job("tick").path("firings").asLong()).isEqualTo(firings);
        assertThat(storedTurns("sched-tick")).isEqualTo(firings);

        assertThat(send("POST", LocalCluster.TENANT, "/tick/trigger", LocalCluster.API_KEY, null).statusCode())
                .isEqualTo(202);
        Chaos.await("the triggered turn stored", Duration.ofSeconds(60), () -> storedTurns("sched-tick") == firings + 1
                ? Optional.of(true) : Optional.empty());

        assertThat(send("DELETE", LocalCluster.TENANT, "/tick", LocalCluster.API_KEY, null).statusCode()).isEqualTo(204);
        assertThat(send("GET", LocalCluster.TENANT, "/tick", LocalCluster.API_KEY, null).statusCode()).isEqualTo(404);
        assertThat(send("DELETE", LocalCluster.TENANT, "/tick", LocalCluster.API_KEY, null).statusCode()).isEqualTo(404);
        SessionAudit audit = LOCAL.cluster().audit();
        assertThat(audit.duplicates()).as("%s", audit.duplicateLines()).isZero();
    }

    @Test
    void anotherTenantSeesNoneOfTheJobsAndHostileInputIsA400() throws Exception {
        ObjectNode job = JSON.createObjectNode().put("jobId", "private").put("message", "/say hidden")
                .put("everySeconds", 3600);
        assertThat(send("POST", LocalCluster.TENANT, "", LocalCluster.API_KEY, job.toString()).statusCode())
                .isEqualTo(201);

        assertThat(send("GET", PLANNER, "/private", PLANNER_KEY, null).statusCode()).isEqualTo(404);
        assertThat(send("POST", PLANNER, "/private/trigger", PLANNER_KEY, null).statusCode()).isEqualTo(404);
        assertThat(send("DELETE", PLANNER, "/private", PLANNER_KEY, null).statusCode()).isEqualTo(404);
        JsonNode theirs = JSON.readTree(send("GET", PLANNER, "", PLANNER_KEY, null).body()).path("schedules");
        assertThat(StreamSupport.stream(theirs.spliterator(), false).map(j -> j.path("jobId").asText()))
                .doesNotContain("private");
        assertThat(send("GET", LocalCluster.TENANT, "/private", PLANNER_KEY, null).statusCode()).isEqualTo(401);

        HttpResponse<String> badCron = send("POST", LocalCluster.TENANT, "", LocalCluster.API_KEY, JSON.createObjectNode()
                .put("message", "m").put("cronExpr", "61 * * * *").toString());
        assertThat(badCron.statusCode()).as(badCron.body()).isEqualTo(400);
        assertThat(JSON.readTree(badCron.body()).path("error").path("code").asText()).isEqualTo("invalid_schedule");
        HttpResponse<String> badTz = send("POST", LocalCluster.TENANT, "", LocalCluster.API_KEY, JSON.createObjectNode()
                .put("message", "m").put("cronExpr", "0 9 * * *").put("tz", "Nowhere/Else").toString());
        assertThat(badTz.statusCode()).as(badTz.body()).isEqualTo(400);
        assertThat(send("DELETE", LocalCluster.TENANT, "/private", LocalCluster.API_KEY, null).statusCode())
                .isEqualTo(204);
    }

    @Test
    void theCronToolAddsAJobAndAScheduledTurnCannotAddOne() throws Exception {
        TurnClient planner = new TurnClient(api, PLANNER, PLANNER_KEY);
        String breed = "/call cron {\\\"action\\\":\\\"add\\\",\\\"message\\\":\\\"x\\\",\\\"every_seconds\\\":60}";
        String add = "/call cron {\"action\":\"add\",\"job_id\":\"breeder\",\"every_seconds\":3600,\"message\":\""
                + breed + "\"}";
        TurnReply added = planner.submit("plans", add, "add-breeder", true, 60);
        assertThat(added.reply()).startsWith("cron: Added:");
        assertThat(job(PLANNER, PLANNER_KEY, "breeder").path("session").asText()).isEqualTo("plans");

        assertThat(send("POST", PLANNER, "/breeder/trigger", PLANNER_KEY, null).statusCode()).isEqualTo(202);
        JsonNode run = Chaos.await("the scheduled turn to run", Duration.ofSeconds(60), () -> {
            JsonNode runs = job(PLANNER, PLANNER_KEY, "breeder").path("recentRuns");
            return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
        });
        String turnId = run.path("turnId").asText();
        String reply = Chaos.await("its reply stored", Duration.ofSeconds(60), () -> lastReply(PLANNER, "plans", turnId));
        assertThat(reply).contains("error in cron").contains("started by a schedule");
        JsonNode jobs = JSON.readTree(send("GET", PLANNER, "", PLANNER_KEY, null).body()).path("schedules");
        assertThat(jobs).hasSize(1);
    }

    @Test
    void aWorkerKilledDuringAScheduledTurnLosesNothing() throws Exception {
        LocalCluster cluster = LOCAL.cluster();
        String message = Chaos.exec("sleep 15; echo slept");
        ObjectNode job = JSON.createObjectNode().put("jobId", "slow").put("session", "sched-slow")
                .put("message", message).put("everySeconds", 3600);
        assertThat(send("POST", LocalCluster.TENANT, "", LocalCluster.API_KEY, job.toString()).statusCode())
                .isEqualTo(201);
        assertThat(send("POST", LocalCluster.TENANT, "/slow/trigger", LocalCluster.API_KEY, null).statusCode())
                .isEqualTo(202);
        JsonNode run = Chaos.await("the firing", Duration.ofSeconds(60), () -> {
            JsonNode runs = job("slow").path("recentRuns");
            return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
        });
        String workflowId = run.path("workflowId").asText();
        String turnId = run.path("turnId").asText();
        ActivityRun running = Chaos.await("ExecuteTool to start", Duration.ofSeconds(60),
                () -> TurnHistory.fetch(cluster.temporalService(), LocalCluster.NAMESPACE, workflowId)
                        .activity(EXEC, 1).filter(r -> r.state() == RunState.STARTED));
        ClusterProcess victim = cluster.worker(running.workerPid().orElseThrow()).orElseThrow();
        Chaos.log("scheduled turn " + turnId + ": ExecuteTool runs on " + victim + "; killing it");
        cluster.kill(victim);

        Chaos.await("the turn stored", Duration.ofSeconds(150), () -> lastReply(LocalCluster.TENANT, "sched-slow",
                turnId));
        TurnHistory history = TurnHistory.fetch(cluster.temporalService(), LocalCluster.NAMESPACE, workflowId);
        assertThat(history.closed()).isTrue();
        assertThat(history.activities(EXEC)).hasSize(1);
        assertThat(history.activity(EXEC, 1).orElseThrow().attempt()).isGreaterThanOrEqualTo(2);
        SessionAudit audit = cluster.audit();
        assertThat(audit.rolesOf(turnId)).containsExactly("user", "assistant", "tool", "assistant");
        assertThat(audit.duplicates()).as("%s", audit.duplicateLines()).isZero();
        assertThat(lastReply(LocalCluster.TENANT, "sched-slow", turnId)).contains("exec: slept");
        assertThat(job("slow").path("firings").asLong()).isEqualTo(1);
        send("DELETE", LocalCluster.TENANT, "/slow", LocalCluster.API_KEY, null);
    }

    @Test
    void theHeartbeatIsAScheduleFromTheConfigABeatIsStoredHeartbeatOkIsNotAndTurningItOffRemovesIt() throws Exception {
        ScheduleClient client = ScheduleClient.newInstance(LOCAL.cluster().temporalService(),
                ScheduleClientOptions.newBuilder().setNamespace(LocalCluster.NAMESPACE).build());
        ScheduleHandle heartbeat = client.getHandle("talon/" + BEATER + "/heartbeat");
        Chaos.await("the heartbeat schedule made at start", Duration.ofSeconds(60),
                () -> Optional.of(heartbeat.describe()));
        Path workspace = LOCAL.cluster().dataDir().resolve("tenants").resolve(BEATER).resolve("workspace");
        Files.createDirectories(workspace);
        // provider-scripted answers /say only at the start of the message: the file comes first in a beat's message
        Files.writeString(workspace.resolve("HEARTBEAT.md"), "/say watered the plants\n");

        heartbeat.trigger();
        Chaos.await("the beat stored", Duration.ofSeconds(60), () -> lines(BEATER, "beats").stream()
                .filter(line -> "assistant".equals(line.path("role").asText())
                        && line.path("content").asText().startsWith("watered the plants")).findFirst());

        Files.writeString(workspace.resolve("HEARTBEAT.md"), "/say HEARTBEAT_OK");
        heartbeat.trigger();
        Chaos.await("the second beat to end", Duration.ofSeconds(60), () -> {
            var info = heartbeat.describe().getInfo();
            return info.getNumActions() == 2 && info.getRunningActions().isEmpty() ? Optional.of(true)
                    : Optional.empty();
        });
        assertThat(lines(BEATER, "beats").stream().filter(line -> "user".equals(line.path("role").asText())))
                .hasSize(1);

        HttpResponse<String> off = http.send(HttpRequest.newBuilder(api.resolve("/v1/admin/tenants/" + BEATER))
                .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"heartbeat\":{\"enabled\":false}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(off.statusCode()).as(off.body()).isEqualTo(200);
        Chaos.await("the heartbeat schedule removed", Duration.ofSeconds(60), () -> {
            try {
                heartbeat.describe();
                return Optional.empty();
            } catch (RuntimeException gone) {
                return Optional.of(true);
            }
        });
    }

    private JsonNode job(String jobId) {
        return job(LocalCluster.TENANT, LocalCluster.API_KEY, jobId);
    }

    private JsonNode job(String tenant, String key, String jobId) {
        try {
            HttpResponse<String> response = send("GET", tenant, "/" + jobId, key, null);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return JSON.readTree(response.body());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long storedTurns(String session) {
        return lines(LocalCluster.TENANT, session).stream().filter(line -> "user".equals(line.path("role").asText()))
                .count();
    }

    private static List<String> assistantReplies(String session) {
        return lines(LocalCluster.TENANT, session).stream()
                .filter(line -> "assistant".equals(line.path("role").asText()))
                .map(line -> line.path("content").asText()).toList();
    }

    private static Optional<String> lastReply(String tenant, String session, String turnId) {
        List<JsonNode> mine = lines(tenant, session).stream()
                .filter(line -> turnId.equals(line.path("turn_id").asText())).toList();
        return mine.isEmpty() || !"assistant".equals(mine.getLast().path("role").asText()) ? Optional.empty()
                : Optional.of(mine.getLast().path("content").asText());
    }

    private static List<JsonNode> lines(String tenant, String session) {
        Path file = LOCAL.cluster().dataDir().resolve("tenants").resolve(tenant).resolve("sessions")
                .resolve(session + ".jsonl");
        try {
            if (!Files.exists(file)) {
                return List.of();
            }
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(line -> !line.isBlank())
                    .map(SchedulesIT::parse).filter(line -> !"metadata".equals(line.path("_type").asText())).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> send(String method, String tenant, String path, String key, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.resolve("/v1/tenants/" + tenant + "/schedules" + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
