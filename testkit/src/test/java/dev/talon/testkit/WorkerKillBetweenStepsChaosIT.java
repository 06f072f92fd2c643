package dev.talon.testkit;

import static dev.talon.testkit.Chaos.EXEC;
import static dev.talon.testkit.Chaos.LLM;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SIGKILL the worker that just completed an LlmChat, before the turn's next step: the turn goes on from the
 * next step on the other worker, and the LLM is not asked again for the step it already answered.
 */
@Tag("chaos")
class WorkerKillBetweenStepsChaosIT {

    @RegisterExtension
    final LocalClusterExtension local = LocalClusterExtension.named("worker-kill-between-steps").withWorkers(2);

    @Test
    void theTurnResumesAtTheNextStepWithoutCallingTheLlmAgain() throws Exception {
        LocalCluster cluster = local.cluster();
        List<ClusterProcess> workers = local.startedWorkers();
        String turnId = "between-steps";
        String message = Chaos.exec("sleep 2; echo resumed");

        assertThat(cluster.turns().submit("s-steps", message, turnId, false, 60).httpStatus()).isEqualTo(202);
        // long-polls the history: we hear of the completion within milliseconds, then kill at once
        ActivityRun chat = TurnHistory.awaitClosed(cluster.temporalService(), LocalCluster.NAMESPACE,
                cluster.workflowId(turnId), LLM, 1, Duration.ofSeconds(60));
        ClusterProcess victim = cluster.worker(chat.workerPid().orElseThrow()).orElseThrow();
        cluster.kill(victim);
        ClusterProcess survivor = workers.stream().filter(w -> w.pid() != victim.pid()).findFirst().orElseThrow();
        Chaos.log("LlmChat step 1 completed on " + victim + ", killed it; the turn then stood at: "
                + cluster.history(turnId).activities());

        TurnReply done = cluster.turns().awaitFinished(turnId, Duration.ofSeconds(120));
        TurnHistory history = cluster.history(turnId);
        Chaos.log("finished: " + done.body());
        Chaos.log("history: " + history);
        Chaos.log("workflow tasks ran on pids " + history.workflowTaskWorkerPids());

        assertThat(done.status()).isEqualTo("completed");
        assertThat(done.reply()).isEqualTo("exec: resumed");
        assertThat(Chaos.llmCalls(cluster, message)).as("one LLM call per step, none repeated")
                .containsExactly("1\t" + message, "2\t" + message);
        assertThat(history.activities(LLM)).extracting(ActivityRun::state, ActivityRun::attempt)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(RunState.COMPLETED, 1),
                        org.assertj.core.groups.Tuple.tuple(RunState.COMPLETED, 1));
        assertThat(history.activity(LLM, 1).orElseThrow().workerPid()).hasValue(victim.pid());
        assertThat(history.completed(EXEC, 1)).isTrue();
        assertThat(history.activity(LLM, 2).orElseThrow().workerPid()).as("step 2 ran after the kill")
                .hasValue(survivor.pid());
        assertThat(history.workflowTaskWorkerPids().getLast()).as("the workflow went on on the survivor")
                .isEqualTo(survivor.pid());

        SessionAudit audit = cluster.audit();
        assertThat(audit.rolesOf(turnId)).containsExactly("user", "assistant", "tool", "assistant");
        assertThat(audit.duplicates()).as("%s", audit.duplicateLines()).isZero();
    }
}
