package dev.talon.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 20 turns in flight while workers are SIGKILLed and replaced at random moments: every turn completes and
 * every message is stored exactly once. Reproduce a run with {@code -Dtalon.chaos.seed=<the printed seed>}.
 */
@Tag("chaos")
class RandomWorkerKillsChaosIT {

    private static final int TURNS = 20;
    private static final int SESSIONS = 5;
    private static final int KILLS = 3;

    @RegisterExtension
    final LocalClusterExtension local = LocalClusterExtension.named("random-worker-kills").withWorkers(3);

    /** SIGKILLs a random worker at random moments and starts a replacement a little later. */
    private void killAndReplace(Random random) {
        LocalCluster cluster = local.cluster();
        try {
            for (int kill = 1; kill <= KILLS; kill++) {
                Thread.sleep(1_000 + random.nextInt(2_000));
                List<ClusterProcess> alive = cluster.workers();
                ClusterProcess victim = alive.get(random.nextInt(alive.size()));
                Chaos.log("kill " + kill + "/" + KILLS + ": " + victim + " of " + alive);
                cluster.kill(victim);
                Thread.sleep(random.nextInt(2_000));
                cluster.startWorker();
            }
        } catch (Exception e) {
            throw new IllegalStateException("the killer failed", e);
        }
    }

    @Test
    void twentyOfTwentyCompleteAndNoMessageIsRecordedTwice() throws Exception {
        long seed = Long.getLong("talon.chaos.seed", System.currentTimeMillis());
        Random random = new Random(seed);
        Chaos.log("seed=" + seed + " (rerun with -Dtalon.chaos.seed=" + seed + ")");
        LocalCluster cluster = local.cluster();

        // The killer runs while the turns are being submitted (spread over a few seconds), so kills land on
        // turns in every phase: prompt, LLM, tool, recording.
        Random killerRandom = new Random(random.nextLong());
        CompletableFuture<Void> killer = CompletableFuture.runAsync(() -> killAndReplace(killerRandom));

        Map<String, String> expectedReplies = new LinkedHashMap<>();
        for (int i = 1; i <= TURNS; i++) {
            String turnId = "r%02d".formatted(i);
            int seconds = 1 + random.nextInt(4);
            // a few shared sessions: concurrent turns of one session must not lose or double each other's lines
            String session = "s-" + (i % SESSIONS);
            TurnReply accepted = cluster.turns().submit(session, Chaos.exec("sleep " + seconds + "; echo " + turnId),
                    turnId, false, 60);
            assertThat(accepted.httpStatus()).as(accepted.body().toString()).isEqualTo(202);
            expectedReplies.put(turnId, "exec: " + turnId);
            Thread.sleep(100 + random.nextInt(400));
        }
        Chaos.log("submitted " + TURNS + " turns over " + SESSIONS + " sessions");
        killer.get(120, TimeUnit.SECONDS);

        List<String> notCompleted = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        for (Map.Entry<String, String> turn : expectedReplies.entrySet()) {
            try {
                Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
                TurnReply done = cluster.turns().awaitFinished(turn.getKey(), left);
                if (!done.completed() || !done.reply().equals(turn.getValue())) {
                    notCompleted.add(turn.getKey() + ": " + done.body());
                }
            } catch (TimeoutException e) {
                notCompleted.add(turn.getKey() + ": " + e.getMessage() + " " + cluster.history(turn.getKey()));
            }
        }
        List<String> retried = new ArrayList<>();
        for (String turnId : expectedReplies.keySet()) {
            cluster.history(turnId).activities().stream().filter(run -> run.attempt() > 1)
                    .forEach(run -> retried.add(turnId + " " + run));
        }
        SessionAudit audit = cluster.audit();
        Chaos.log("completed " + (TURNS - notCompleted.size()) + "/" + TURNS + ", " + audit.duplicates()
                + " duplicate lines, steps retried after a kill: " + retried);

        assertThat(notCompleted).as("turns that did not complete with their reply").isEmpty();
        assertThat(audit.linesPerTurn().keySet()).containsExactlyInAnyOrderElementsOf(expectedReplies.keySet());
        for (String turnId : expectedReplies.keySet()) {
            assertThat(audit.rolesOf(turnId)).as(turnId).containsExactly("user", "assistant", "tool", "assistant");
        }
        assertThat(audit.duplicates()).as("%s", audit.duplicateLines()).isZero();
    }
}
