package dev.talon.testkit;

import static dev.talon.testkit.Chaos.EXEC;
import static dev.talon.testkit.Chaos.LLM;
import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.workflowservice.v1.DescribeWorkerDeploymentRequest;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A rolling deploy with worker versioning on the real dev server: a turn started on build v1 keeps running on v1
 * after v2 starts and makes itself current (pinned: its history is never replayed on v2's code), while a turn
 * started after that runs on v2; a session workflow (auto-upgrading) answers on the versioned workers too.
 */
class WorkerVersioningIT {

    private static final String DEPLOYMENT = "talon-it";

    @RegisterExtension
    final LocalClusterExtension local = LocalClusterExtension.named("worker-versioning").withJvmFlags(
            "-Dtalon.worker.versioning.enabled=true", "-Dtalon.worker.versioning.deployment=" + DEPLOYMENT,
            "-Dtalon.worker.versioning.build-id=v1");

    @Test
    void aTurnStaysOnTheBuildThatStartedItWhileNewTurnsGoToTheNewCurrentBuild() throws Exception {
        LocalCluster cluster = local.cluster();
        ClusterProcess v1 = local.startedWorkers().getFirst();
        awaitCurrent(cluster, "v1"); // the first build makes itself current (promote: if-none)
        String longTurn = "pinned-long";
        // the tool waits for the test: the turn's next step comes only once v2 is current
        String message = Chaos.exec("while [ ! -f release-pinned-turn ]; do sleep 0.2; done; echo slept");
        assertThat(cluster.turns().submit("s-pinned", message, longTurn, false, 60).httpStatus()).isEqualTo(202);
        Chaos.await("the long tool to start on v1", Duration.ofSeconds(60),
                () -> cluster.history(longTurn).activity(EXEC, 1));

        // the later -D wins: this worker is build v2 and makes itself current at once
        ClusterProcess v2 = cluster.startWorker(List.of("-Dtalon.worker.versioning.build-id=v2",
                "-Dtalon.worker.versioning.promote=always"));
        awaitCurrent(cluster, "v2");
        String newTurn = "after-deploy";
        TurnReply fresh = cluster.turns().submit("s-new", "hello v2", newTurn, true, 60);
        Files.createFile(cluster.dataDir().resolve("tenants").resolve(LocalCluster.TENANT)
                .resolve("workspace/release-pinned-turn"));
        TurnReply pinned = cluster.turns().awaitFinished(longTurn, Duration.ofSeconds(120));

        assertThat(fresh.reply()).isEqualTo("echo: hello v2");
        assertThat(cluster.history(newTurn).workflowTaskWorkerPids()).as("the new turn runs on v2").containsOnly(v2.pid());
        assertThat(cluster.history(newTurn).activities(LLM)).allSatisfy(run ->
                assertThat(run.workerPid()).hasValue(v2.pid()));
        assertThat(pinned.reply()).isEqualTo("exec: slept");
        TurnHistory history = cluster.history(longTurn);
        Chaos.log("pinned turn: " + history);
        assertThat(history.workflowTaskWorkerPids()).as("the pinned turn never moved to v2").containsOnly(v1.pid());
        assertThat(history.activities()).allSatisfy(run -> assertThat(run.workerPid()).hasValue(v1.pid()));

        // a session workflow (auto-upgrading) and its pinned child turn run on the versioned worker too
        HttpResponse<String> session = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        cluster.turns().base().resolve("/v1/tenants/" + LocalCluster.TENANT + "/sessions/s-v/messages"))
                .header("Authorization", "Bearer " + LocalCluster.API_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"hello session\",\"wait\":true}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(session.statusCode()).as(session.body()).isEqualTo(200);
        assertThat(session.body()).contains("echo: hello session");
    }

    private static void awaitCurrent(LocalCluster cluster, String buildId) throws InterruptedException {
        Chaos.await("build " + buildId + " to be current", Duration.ofSeconds(90), () -> {
            try {
                var routing = cluster.temporalService().blockingStub().describeWorkerDeployment(
                        DescribeWorkerDeploymentRequest.newBuilder().setNamespace(LocalCluster.NAMESPACE)
                                .setDeploymentName(DEPLOYMENT).build()).getWorkerDeploymentInfo().getRoutingConfig();
                return Optional.of(routing.getCurrentDeploymentVersion().getBuildId()).filter(buildId::equals);
            } catch (RuntimeException notYet) {
                return Optional.empty();
            }
        });
    }
}
