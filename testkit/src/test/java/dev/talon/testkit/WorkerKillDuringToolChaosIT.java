package dev.talon.testkit;

import static dev.talon.testkit.Chaos.EXEC;
import static dev.talon.testkit.Chaos.LLM;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SIGKILL the worker in the middle of a long tool: the other worker runs the tool again and finishes the turn. */
@Tag("chaos")
class WorkerKillDuringToolChaosIT {

    @RegisterExtension
    final LocalClusterExtension local = LocalClusterExtension.named("worker-kill-during-tool").withWorkers(2);

    @Test
    void theTurnCompletesOnTheSurvivingWorkerAndIsRecordedOnce() throws Exception {
        LocalCluster cluster = local.cluster();
        List<ClusterProcess> workers = local.startedWorkers();
        String turnId = "long-tool";
        String message = Chaos.exec("sleep 20; echo slept");

        assertThat(cluster.turns().submit("s-long", message, turnId, false, 60).httpStatus()).isEqualTo(202);
        ActivityRun running = Chaos.await("ExecuteTool to start", Duration.ofSeconds(60),
                () -> cluster.history(turnId).activity(EXEC, 1).filter(run -> run.state() == RunState.STARTED));
        ClusterProcess victim = cluster.worker(running.workerPid().orElseThrow()).orElseThrow();
        ClusterProcess survivor = workers.stream().filter(w -> w.pid() != victim.pid()).findFirst().orElseThrow();
        Chaos.log("ExecuteTool (sleep 20) runs on " + victim + "; killing it, " + survivor + " survives");
        cluster.kill(victim);

        TurnReply done = cluster.turns().awaitFinished(turnId, Duration.ofSeconds(150));
        TurnHistory history = cluster.history(turnId);
        Chaos.log("finished: " + done.body());
        Chaos.log("history: " + history);

        assertThat(done.status()).isEqualTo("completed");
        assertThat(done.reply()).isEqualTo("exec: slept");
        ActivityRun tool = history.activity(EXEC, 1).orElseThrow();
        assertThat(history.activities(EXEC)).hasSize(1);
        assertThat(tool.state()).isEqualTo(RunState.COMPLETED);
        assertThat(tool.attempt()).as("the last attempt is a retry").isGreaterThanOrEqualTo(2);
        assertThat(tool.workerPid()).as("the last attempt ran on the survivor").hasValue(survivor.pid());

        SessionAudit audit = cluster.audit();
        assertThat(audit.rolesOf(turnId)).containsExactly("user", "assistant", "tool", "assistant");
        assertThat(audit.duplicates()).as("%s", audit.duplicateLines()).isZero();
        assertThat(Chaos.llmCalls(cluster, message)).containsExactly("1\t" + message, "2\t" + message);
        assertThat(history.activities(LLM)).hasSize(2);
    }
}
