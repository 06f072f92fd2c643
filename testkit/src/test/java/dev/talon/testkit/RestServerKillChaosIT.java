package dev.talon.testkit;

import static dev.talon.testkit.Chaos.EXEC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SIGKILL the REST server while a client waits on a turn (wait=true): the turn runs on in the workers, and a
 * new server process answers GET /turns/{id} with its result.
 */
@Tag("chaos")
class RestServerKillChaosIT {

    @RegisterExtension
    final LocalClusterExtension local = LocalClusterExtension.named("rest-server-kill").withWorkers(2);

    @Test
    void theTurnCompletesAndANewServerReturnsItsResult() throws Exception {
        LocalCluster cluster = local.cluster();
        ClusterProcess first = cluster.server().orElseThrow();
        String turnId = "waited-on";
        TurnClient firstClient = cluster.turns();

        CompletableFuture<TurnReply> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return firstClient.submit("s-rest", Chaos.exec("sleep 8; echo outlived the server"), turnId, true, 120);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        Chaos.await("the waited-on turn's ExecuteTool to start", Duration.ofSeconds(60),
                () -> cluster.history(turnId).activity(EXEC, 1).filter(run -> run.state() == RunState.STARTED));
        assertThat(waiting).isNotDone();
        cluster.kill(first);
        assertThatThrownBy(() -> waiting.get(30, TimeUnit.SECONDS)).as("the waiting client lost its server")
                .isInstanceOf(ExecutionException.class).hasRootCauseInstanceOf(IOException.class);

        ClusterProcess second = cluster.startServer();
        assertThat(second.pid()).isNotEqualTo(first.pid());
        TurnReply done = cluster.turns().awaitFinished(turnId, Duration.ofSeconds(120));
        Chaos.log("GET from " + second + ": " + done.body());
        Chaos.log("history: " + cluster.history(turnId));

        assertThat(done.httpStatus()).isEqualTo(200);
        assertThat(done.status()).isEqualTo("completed");
        assertThat(done.reply()).isEqualTo("exec: outlived the server");
        assertThat(done.body().path("turnId").asText()).isEqualTo(turnId);
        SessionAudit audit = cluster.audit();
        assertThat(audit.rolesOf(turnId)).containsExactly("user", "assistant", "tool", "assistant");
        assertThat(audit.duplicates()).as("%s", audit.duplicateLines()).isZero();
    }
}
