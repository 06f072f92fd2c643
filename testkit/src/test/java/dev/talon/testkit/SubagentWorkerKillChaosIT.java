package dev.talon.testkit;

import static dev.talon.testkit.Chaos.EXEC;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.platform.client.TurnIds;
import dev.talon.platform.tenant.ApiKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SIGKILL the worker while subagents run their tool: one waited for by its parent's turn, one in the background
 * of a turn that already ended. Both parents' turns finish, and each subagent's answer arrives exactly once: as the
 * tool result of the waiting parent, as one message in the other parent's session.
 */
@Tag("chaos")
class SubagentWorkerKillChaosIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TENANT = "spawner";
    private static final String KEY = "spawner-key";

    @RegisterExtension
    final LocalClusterExtension local = LocalClusterExtension.named("subagent-worker-kill").withWorkers(2)
            .withTenants("""
                      %s:
                        apiKeys: [%s]
                        namespace: %s
                        taskQueue: talon-spawner
                        plugins: [tools-workspace, tools-shell, exec-local, provider-scripted]
                        provider: {plugin: provider-scripted, model: scripted}
                        exec: {backend: local, trusted: true}
                        limits: {maxIterations: 10, execTimeoutSeconds: 120}
                        subagents: {enabled: true, maxDepth: 1, maxConcurrent: 2}
                    """.formatted(TENANT, JSON.valueToTree(ApiKeys.hash(KEY)).toString(), LocalCluster.NAMESPACE));

    private static String spawn(String label, String output, boolean wait) {
        String task = Chaos.exec("sleep 15; echo " + output);
        return "/call spawn " + JSON.createObjectNode().put("task", task).put("label", label).put("wait", wait);
    }

    private TurnHistory history(LocalCluster cluster, String turnId) {
        return TurnHistory.fetch(cluster.temporalService(), LocalCluster.NAMESPACE, TurnIds.workflowId(TENANT, turnId));
    }

    @Test
    void bothParentsFinishAndEachSubagentsAnswerArrivesOnce() throws Exception {
        LocalCluster cluster = local.cluster();
        TurnClient turns = new TurnClient(cluster.turns().base(), TENANT, KEY);
        String waiting = "parent-waits";
        String leaving = "parent-leaves";
        String waitedChild = waiting + ".sub1-1";
        String backgroundChild = leaving + ".sub1-1";

        assertThat(turns.submit("s-wait", spawn("waited", "waited-answer", true), waiting, false, 60).httpStatus())
                .isEqualTo(202);
        assertThat(turns.submit("s-bg", spawn("behind", "background-answer", false), leaving, false, 60)
                .httpStatus()).isEqualTo(202);
        TurnReply left = turns.awaitFinished(leaving, Duration.ofSeconds(60));
        assertThat(left.status()).isEqualTo("completed");
        assertThat(left.reply()).startsWith("spawn: Subagent 'behind' started in the background");

        ActivityRun waitedTool = Chaos.await("the waited-for subagent's tool to start", Duration.ofSeconds(60),
                () -> history(cluster, waitedChild).activity(EXEC, 1).filter(run -> run.state() == RunState.STARTED));
        Chaos.await("the background subagent's tool to start", Duration.ofSeconds(60),
                () -> history(cluster, backgroundChild).activity(EXEC, 1)
                        .filter(run -> run.state() == RunState.STARTED));
        ClusterProcess victim = cluster.worker(waitedTool.workerPid().orElseThrow()).orElseThrow();
        Chaos.log("the waited-for subagent's tool runs on " + victim + "; killing it");
        cluster.kill(victim);

        TurnReply waited = turns.awaitFinished(waiting, Duration.ofSeconds(150));
        TurnReply background = turns.awaitFinished(backgroundChild, Duration.ofSeconds(150));
        Chaos.log("waited: " + waited.body() + "; background: " + background.body());

        assertThat(waited.status()).isEqualTo("completed");
        assertThat(waited.reply()).isEqualTo("spawn: exec: waited-answer");
        assertThat(history(cluster, waitedChild).activity(EXEC, 1).orElseThrow().attempt())
                .as("the killed tool ran again").isGreaterThanOrEqualTo(2);
        assertThat(background.status()).isEqualTo("completed");
        assertThat(background.reply()).isEqualTo("exec: background-answer");

        Path sessions = cluster.dataDir().resolve("tenants").resolve(TENANT).resolve("sessions");
        SessionAudit audit = SessionAudit.of(sessions);
        assertThat(audit.duplicates()).as("%s", audit.duplicateLines()).isZero();
        assertThat(audit.rolesOf(waiting)).containsExactly("user", "assistant", "tool", "assistant");
        assertThat(audit.rolesOf(waitedChild)).containsExactly("user", "assistant", "tool", "assistant");
        // the background answer: its own turn in its session, and one message in the parent's, under its turn id
        List<JsonNode> delivered = lines(sessions.resolve("s-bg.jsonl")).stream()
                .filter(line -> line.path("turn_id").asText().equals(backgroundChild)).toList();
        assertThat(delivered).singleElement().satisfies(line -> {
            assertThat(line.path("role").asText()).isEqualTo("user");
            assertThat(line.path("content").asText()).startsWith("[Subagent 'behind' finished")
                    .endsWith("exec: background-answer");
        });
        assertThat(lines(sessions.resolve("subagent.s-bg.behind.jsonl"))).extracting(line -> line.path("role").asText())
                .containsExactly("user", "assistant", "tool", "assistant");
        // the waiting parent's session got nothing but its own turn
        assertThat(lines(sessions.resolve("s-wait.jsonl"))).allSatisfy(line ->
                assertThat(line.path("turn_id").asText()).isEqualTo(waiting));
    }

    private static List<JsonNode> lines(Path file) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            JsonNode line = JSON.readTree(text);
            if (!text.isBlank() && !"metadata".equals(line.path("_type").asText())) {
                lines.add(line);
            }
        }
        return lines;
    }
}
