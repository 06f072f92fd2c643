package dev.talon.testkit;

import static dev.talon.testkit.Chaos.EXEC;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SIGKILL the Temporal dev server mid-turn and start it again on the same SQLite file: the turns complete. */
@Tag("chaos")
class TemporalKillChaosIT {

    private static final int TURNS = 3;

    @RegisterExtension
    final LocalClusterExtension local = LocalClusterExtension.named("temporal-kill").withWorkers(2);

    @Test
    void inFlightTurnsCompleteAfterTheServerIsRestartedOnItsFile() throws Exception {
        LocalCluster cluster = local.cluster();
        List<String> turnIds = IntStream.rangeClosed(1, TURNS).mapToObj(i -> "dev-" + i).toList();
        for (int i = 1; i <= TURNS; i++) {
            TurnReply accepted = cluster.turns().submit("s-dev-" + i, Chaos.exec("sleep 10; echo survived-" + i),
                    "dev-" + i, false, 60);
            assertThat(accepted.httpStatus()).isEqualTo(202);
        }
        for (String turnId : turnIds) {
            Chaos.await(turnId + "'s ExecuteTool to start", Duration.ofSeconds(60),
                    () -> cluster.history(turnId).activity(EXEC, 1).filter(run -> run.state() == RunState.STARTED));
        }
        Chaos.log("all " + TURNS + " turns are in ExecuteTool (sleep 10); killing the dev server");
        cluster.killTemporal();
        Thread.sleep(1_000);
        cluster.startTemporal();

        for (int i = 1; i <= TURNS; i++) {
            TurnReply done = cluster.turns().awaitFinished("dev-" + i, Duration.ofSeconds(150));
            Chaos.log("finished: " + done.body());
            Chaos.log("history: " + cluster.history("dev-" + i));
            assertThat(done.status()).isEqualTo("completed");
            assertThat(done.reply()).isEqualTo("exec: survived-" + i);
        }
        SessionAudit audit = cluster.audit();
        for (String turnId : turnIds) {
            assertThat(audit.rolesOf(turnId)).as(turnId).containsExactly("user", "assistant", "tool", "assistant");
        }
        assertThat(audit.duplicates()).as("%s", audit.duplicateLines()).isZero();
    }
}
