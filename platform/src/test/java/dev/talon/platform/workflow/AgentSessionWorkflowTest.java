package dev.talon.platform.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AgentSessionWorkflowTest {

    private static final String QUEUE = "sessions";
    private static final String ID = "talon/acme/session/s1";

    private TestWorkflowEnvironment env;
    private ScriptedActivities activities;
    private WorkflowClient client;

    @BeforeEach
    void start() {
        env = TestWorkflowEnvironment.newInstance();
        activities = ScriptedActivities.echo();
        Worker worker = env.newWorker(QUEUE);
        worker.registerWorkflowImplementationTypes(AgentSessionWorkflowImpl.class, AgentTurnWorkflowImpl.class);
        worker.registerActivitiesImplementations(activities);
        env.start();
        client = env.getWorkflowClient();
    }

    @AfterEach
    void stop() {
        env.close();
    }

    private AgentSessionWorkflow session(int idleSeconds, int turnsPerRun) {
        AgentSessionWorkflow session = client.newWorkflowStub(AgentSessionWorkflow.class,
                WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(ID).build());
        WorkflowClient.start(session::run, SessionState.fresh("acme", "s1", idleSeconds, turnsPerRun));
        return client.newWorkflowStub(AgentSessionWorkflow.class, ID);
    }

    @Test
    void concurrentUpdatesEachGetTheirOwnReplyInArrivalOrder() throws Exception {
        AgentSessionWorkflow session = session(3600, 50);

        List<CompletableFuture<TurnResult>> replies = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            String text = "message " + i;
            String turnId = "turn-" + i;
            replies.add(CompletableFuture.supplyAsync(() -> session.send(new SessionMessage(turnId, text))));
        }

        for (int i = 0; i < 3; i++) {
            TurnResult result = replies.get(i).get();
            assertThat(result.reply()).isEqualTo("echo: message " + (i + 1));
            assertThat(result.turnId()).isEqualTo("turn-" + (i + 1));
        }
        assertThat(session.status().turnsDone()).isEqualTo(3);
        // one turn at a time: every recorded turn is whole, and the LLM saw one message per call
        assertThat(activities.recorded).hasSize(3);
    }

    @Test
    void signalsAreProcessedInOrderAndCarriedAcrossContinueAsNewWithTheRunCounterReset() throws Exception {
        AgentSessionWorkflow session = session(3600, 2);
        for (int i = 1; i <= 5; i++) {
            session.message(new SessionMessage("sig-" + i, "signal " + i));
        }
        for (int i = 0; i < 200 && turnsDone() < 5; i++) {
            Thread.sleep(50);
        }

        assertThat(activities.recorded).extracting(RecordTurnInput::turnId)
                .containsExactly("sig-1", "sig-2", "sig-3", "sig-4", "sig-5");
        assertThat(session.status().turnsDone()).isEqualTo(5);
        assertThat(session.lastReply()).isEqualTo("echo: signal 5");
        // two turns per run, queued messages carried over: 2 + 2 + 1. Without the per-run counter starting
        // again at zero, every run after the first would continue as new after a single turn (5 runs).
        assertThat(session.status().run()).isEqualTo(3);
    }

    private long turnsDone() {
        try {
            return client.newWorkflowStub(AgentSessionWorkflow.class, ID).status().turnsDone();
        } catch (RuntimeException continuingAsNew) {
            return -1;
        }
    }

    @Test
    void updateWithStartStartsTheSessionAndReturnsTheReply() {
        AgentSessionWorkflow session = client.newWorkflowStub(AgentSessionWorkflow.class, WorkflowOptions.newBuilder()
                .setTaskQueue(QUEUE).setWorkflowId(ID)
                .setWorkflowIdConflictPolicy(io.temporal.api.enums.v1.WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
                .build());
        TurnResult reply = WorkflowClient.executeUpdateWithStart(session::send, new SessionMessage("u1", "hi"),
                io.temporal.client.UpdateOptions.<TurnResult>newBuilder().setUpdateId("u1")
                        .setWaitForStage(io.temporal.client.WorkflowUpdateStage.COMPLETED).build(),
                new io.temporal.client.WithStartWorkflowOperation<>(session::run, SessionState.fresh("acme", "s1", 3600, 50)));

        assertThat(reply.reply()).isEqualTo("echo: hi");
        TurnResult second = WorkflowClient.executeUpdateWithStart(session::send, new SessionMessage("u2", "again"),
                io.temporal.client.UpdateOptions.<TurnResult>newBuilder().setUpdateId("u2")
                        .setWaitForStage(io.temporal.client.WorkflowUpdateStage.COMPLETED).build(),
                new io.temporal.client.WithStartWorkflowOperation<>(session::run, SessionState.fresh("acme", "s1", 3600, 50)));
        assertThat(second.reply()).isEqualTo("echo: again");
    }

    @Test
    void aResentSignalIsNotAnsweredTwice() {
        AgentSessionWorkflow session = session(3600, 50);
        session.message(new SessionMessage("dup", "once"));
        session.message(new SessionMessage("dup", "once"));
        TurnResult after = session.send(new SessionMessage("next", "then this"));
        // the update may be handled before the signals of the same workflow task: end runs whatever is queued
        session.end();
        client.newUntypedWorkflowStub(ID).getResult(Void.class);

        assertThat(after.reply()).isEqualTo("echo: then this");
        assertThat(activities.recorded).extracting(RecordTurnInput::turnId).containsExactlyInAnyOrder("dup", "next");
    }

    @Test
    void anIdleSessionEndsCleanlyAndReleasesItsSandbox() {
        session(60, 50).send(new SessionMessage("t1", "hello"));

        env.sleep(Duration.ofSeconds(61));

        WorkflowStub stub = client.newUntypedWorkflowStub(ID);
        stub.getResult(Void.class);
        assertThat(stub.describe().getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
        assertThat(activities.endedSessions).singleElement().isEqualTo(new EndSessionInput("acme", "s1"));
    }

    @Test
    void endFinishesQueuedMessagesFirst() {
        AgentSessionWorkflow session = session(3600, 50);
        IntStream.rangeClosed(1, 3).forEach(i -> session.message(new SessionMessage("e" + i, "m" + i)));
        session.end();

        client.newUntypedWorkflowStub(ID).getResult(Void.class);
        assertThat(activities.recorded).extracting(RecordTurnInput::turnId).containsExactly("e1", "e2", "e3");
    }

    @Test
    void aSessionsHistoryReplaysAndCanBeRecordedForTheReplayTest() throws Exception {
        AgentSessionWorkflow starter = client.newWorkflowStub(AgentSessionWorkflow.class,
                WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(ID).build());
        String firstRun = WorkflowClient.start(starter::run, SessionState.fresh("acme", "s1", 3600, 2)).getRunId();
        AgentSessionWorkflow session = client.newWorkflowStub(AgentSessionWorkflow.class, ID);
        session.message(new SessionMessage("r1", "signalled"));
        session.send(new SessionMessage("r2", "updated"));
        session.send(new SessionMessage("r3", "after continue-as-new"));
        session.end();
        client.newUntypedWorkflowStub(ID).getResult(Void.class);

        // the first run: a signalled turn, an updated turn, continue-as-new
        WorkflowExecutionHistory history = client.fetchHistory(ID, firstRun);
        WorkflowReplayer.replayWorkflowExecution(history, AgentSessionWorkflowImpl.class);
        if (Boolean.getBoolean("talon.record-histories")) {
            Files.writeString(Path.of("src/test/resources/" + AgentSessionReplayTest.SESSION), history.toJson(true));
        }
    }
}
