package dev.talon.platform.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.talon.api.AssistantMessage;
import dev.talon.api.ChatResponse;
import dev.talon.api.ToolCall;
import dev.talon.api.ToolResultMessage;
import dev.talon.api.Usage;
import io.temporal.activity.Activity;
import io.temporal.client.ActivityCompletionException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Human approval of tools and cancellation, on the in-memory test server. */
class AgentTurnControlTest {

    private static final String QUEUE = "control";

    private TestWorkflowEnvironment env;

    @BeforeEach
    void start() {
        env = TestWorkflowEnvironment.newInstance();
    }

    @AfterEach
    void stop() {
        env.close();
    }

    private static ChatResponse callDeploy(int call) {
        if (call > 1) {
            return ScriptedActivities.answer("finished");
        }
        ToolCall deploy = new ToolCall("call_1_1", "deploy", JsonNodeFactory.instance.objectNode().put("env", "prod"));
        return new ChatResponse(new AssistantMessage("", List.of(deploy)), Usage.NONE, "tool_calls");
    }

    private AgentTurnWorkflow startTurn(ScriptedActivities activities, String id) {
        Worker worker = env.newWorker(QUEUE);
        worker.registerWorkflowImplementationTypes(AgentTurnWorkflowImpl.class);
        worker.registerActivitiesImplementations(activities);
        env.start();
        AgentTurnWorkflow turn = env.getWorkflowClient().newWorkflowStub(AgentTurnWorkflow.class,
                WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(id).build());
        WorkflowClient.start(turn::run, new TurnRequest("acme", "s1", id, "deploy it"));
        return env.getWorkflowClient().newWorkflowStub(AgentTurnWorkflow.class, id);
    }

    private static void awaitPending(AgentTurnWorkflow turn) throws InterruptedException {
        for (int i = 0; i < 100 && turn.pendingApprovals().isEmpty(); i++) {
            Thread.sleep(50);
        }
    }

    private static void awaitPending(AgentTurnWorkflow turn, String approvalId) throws InterruptedException {
        for (int i = 0; i < 100 && turn.pendingApprovals().stream()
                .noneMatch(pending -> pending.approvalId().equals(approvalId)); i++) {
            Thread.sleep(50);
        }
    }

    @Test
    void anApprovalGatedToolRunsOnlyAfterApproval() throws Exception {
        ScriptedActivities activities = new ScriptedActivities(10, AgentTurnControlTest::callDeploy);
        activities.approvalTools = List.of("deploy");
        AgentTurnWorkflow turn = startTurn(activities, "approve-me");

        awaitPending(turn);
        assertThat(turn.pendingApprovals()).singleElement().satisfies(pending -> {
            assertThat(pending.approvalId()).isEqualTo("1-1");
            assertThat(pending.tool()).isEqualTo("deploy");
        });
        assertThat(activities.toolInputs).isEmpty();

        assertThat(turn.decide(new ApprovalDecision("1-1", true, null)).tool()).isEqualTo("deploy");
        TurnResult result = env.getWorkflowClient().newUntypedWorkflowStub("approve-me").getResult(TurnResult.class);

        assertThat(result.reply()).isEqualTo("finished");
        assertThat(activities.toolInputs).singleElement().satisfies(input -> assertThat(input.denial()).isNull());
        assertThat(turn.pendingApprovals()).isEmpty();
    }

    @Test
    void aDenialReachesTheLlmAsTheToolResult() throws Exception {
        ScriptedActivities activities = new ScriptedActivities(10, AgentTurnControlTest::callDeploy);
        activities.approvalTools = List.of("deploy");
        AgentTurnWorkflow turn = startTurn(activities, "deny-me");

        awaitPending(turn);
        turn.decide(new ApprovalDecision("1-1", false, "not on a Friday"));
        env.getWorkflowClient().newUntypedWorkflowStub("deny-me").getResult(TurnResult.class);

        assertThat(activities.toolInputs).singleElement()
                .satisfies(input -> assertThat(input.denial()).isEqualTo("denied by the user: not on a Friday"));
        ToolResultMessage seen = (ToolResultMessage) activities.llmInputs.get(1).messages().getLast();
        assertThat(seen.error()).isTrue();
        assertThat(seen.content()).contains("not on a Friday");
    }

    @Test
    void noAnswerInTimeMeansDeny() throws Exception {
        ScriptedActivities activities = new ScriptedActivities(10, AgentTurnControlTest::callDeploy);
        activities.approvalTools = List.of("deploy");
        activities.approvalTimeoutSeconds = 30;
        AgentTurnWorkflow turn = startTurn(activities, "ignore-me");

        awaitPending(turn);
        env.sleep(Duration.ofSeconds(31));
        env.getWorkflowClient().newUntypedWorkflowStub("ignore-me").getResult(TurnResult.class);

        assertThat(activities.toolInputs).singleElement()
                .satisfies(input -> assertThat(input.denial()).isEqualTo("no approval within 30 seconds"));
    }

    @Test
    void aDecisionIsTakenOnceAndALateOneIsRefused() throws Exception {
        ScriptedActivities activities = new ScriptedActivities(10, AgentTurnControlTest::callDeploy);
        activities.approvalTools = List.of("deploy");
        activities.approvalTimeoutSeconds = 30;
        AgentTurnWorkflow turn = startTurn(activities, "decide-twice");

        awaitPending(turn);
        turn.decide(new ApprovalDecision("1-1", false, "no"));
        assertRefused(() -> turn.decide(new ApprovalDecision("1-1", true, null)), ApprovalFailures.ALREADY_DECIDED,
                "it was denied");
        env.getWorkflowClient().newUntypedWorkflowStub("decide-twice").getResult(TurnResult.class);

        assertThat(activities.toolInputs).singleElement()
                .satisfies(input -> assertThat(input.denial()).isEqualTo("denied by the user: no"));
    }

    @Test
    void aDecisionAfterTheTimeoutIsRefused() throws Exception {
        ChatResponse twoSteps = callDeploy(1);
        ScriptedActivities activities = new ScriptedActivities(10, call -> call <= 2 ? twoSteps
                : ScriptedActivities.answer("finished"));
        activities.approvalTools = List.of("deploy");
        activities.approvalTimeoutSeconds = 30;
        AgentTurnWorkflow turn = startTurn(activities, "too-late");

        awaitPending(turn);
        env.sleep(Duration.ofSeconds(31));
        awaitPending(turn, "2-1"); // step 2 waits now

        assertRefused(() -> turn.decide(new ApprovalDecision("1-1", true, null)), ApprovalFailures.ALREADY_DECIDED,
                "it timed out");
        turn.decide(new ApprovalDecision("2-1", true, null));
        env.getWorkflowClient().newUntypedWorkflowStub("too-late").getResult(TurnResult.class);
        assertThat(activities.toolInputs).extracting(ExecuteToolInput::denial)
                .containsExactly("no approval within 30 seconds", null);
    }

    @Test
    void freshApprovalHistoryReplaysAndCanBeRecordedForTheReplayTest() throws Exception {
        ScriptedActivities activities = new ScriptedActivities(10, call -> switch (call) {
            case 1 -> new ChatResponse(new AssistantMessage("", List.of(deploy("c1", "staging"), deploy("c1", "prod"),
                    deploy("c2", "eu"))), Usage.NONE, "tool_calls");
            case 2 -> new ChatResponse(new AssistantMessage("", List.of(deploy("c2", "us"), deploy("c3", "asia"))),
                    Usage.NONE, "tool_calls");
            default -> ScriptedActivities.answer("finished");
        });
        activities.approvalTools = List.of("deploy");
        String id = "talon/acme/turn/approvals";
        AgentTurnWorkflow turn = startTurn(activities, id);

        awaitPending(turn);
        turn.approval(new ApprovalDecision("9-9", true, null)); // the old signal: ignored, not taken later
        turn.decide(new ApprovalDecision("1-3", true, null));
        awaitPending(turn, "2-1");
        turn.decide(new ApprovalDecision("2-1", false, "not us"));
        awaitPending(turn, "2-2");
        turn.approval(new ApprovalDecision("2-2", true, null));
        env.getWorkflowClient().newUntypedWorkflowStub(id).getResult(TurnResult.class);

        assertThat(activities.toolInputs).extracting(input -> input.call().arguments().path("env").asText()
                + (input.denial() == null ? "" : " denied")).containsExactly("staging denied", "prod denied", "eu",
                "us denied", "asia");
        var history = env.getWorkflowClient().fetchHistory(id);
        WorkflowReplayer.replayWorkflowExecution(history, AgentTurnWorkflowImpl.class);
        if (Boolean.getBoolean("talon.record-histories")) {
            Files.writeString(Path.of("src/test/resources/" + AgentTurnReplayTest.APPROVALS), history.toJson(true));
        }
    }

    private static ToolCall deploy(String id, String env) {
        return new ToolCall(id, "deploy", JsonNodeFactory.instance.objectNode().put("env", env));
    }

    private static void assertRefused(Runnable decision, String type, String why) {
        assertThatThrownBy(decision::run).isInstanceOf(WorkflowUpdateException.class).cause()
                .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
                    assertThat(failure.getType()).isEqualTo(type);
                    assertThat(failure.getOriginalMessage()).contains(why);
                });
    }

    @Test
    void cancelStopsTheRunningToolAndRecordsTheTurnSoFar() throws Exception {
        CountDownLatch toolStarted = new CountDownLatch(1);
        CountDownLatch toolStopped = new CountDownLatch(1);
        ScriptedActivities activities = new ScriptedActivities(10, AgentTurnControlTest::callDeploy) {
            @Override
            public ToolStep execute(ExecuteToolInput input) {
                toolStarted.countDown();
                try {
                    while (true) {
                        Thread.sleep(100);
                        Activity.getExecutionContext().heartbeat(null);
                    }
                } catch (ActivityCompletionException | InterruptedException stopped) {
                    toolStopped.countDown();
                    throw Activity.wrap(stopped);
                }
            }
        };
        startTurn(activities, "cancel-me");
        assertThat(toolStarted.await(10, TimeUnit.SECONDS)).isTrue();

        env.getWorkflowClient().newUntypedWorkflowStub("cancel-me").cancel();

        assertThatThrownBy(() -> env.getWorkflowClient().newUntypedWorkflowStub("cancel-me").getResult(TurnResult.class))
                .isInstanceOf(WorkflowFailedException.class).cause().isInstanceOf(CanceledFailure.class);
        assertThat(toolStopped.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(activities.recorded).singleElement().satisfies(record -> {
            assertThat(record.messages()).hasSize(4);
            assertThat(record.messages().get(2)).isInstanceOfSatisfying(ToolResultMessage.class,
                    result -> assertThat(result.content()).contains("cancelled"));
            assertThat(record.messages().getLast().content()).isEqualTo("(cancelled)");
        });
    }
}
