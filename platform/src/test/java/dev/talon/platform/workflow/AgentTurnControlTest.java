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
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
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

    @Test
    void anApprovalGatedToolRunsOnlyAfterApproval() throws Exception {
        ScriptedActivities activities = new ScriptedActivities(10, AgentTurnControlTest::callDeploy);
        activities.approvalTools = List.of("deploy");
        AgentTurnWorkflow turn = startTurn(activities, "approve-me");

        awaitPending(turn);
        assertThat(turn.pendingApprovals()).singleElement().satisfies(pending -> {
            assertThat(pending.callId()).isEqualTo("call_1_1");
            assertThat(pending.tool()).isEqualTo("deploy");
        });
        assertThat(activities.toolInputs).isEmpty();

        turn.approval(new ApprovalDecision("call_1_1", true, null));
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
        turn.approval(new ApprovalDecision("call_1_1", false, "not on a Friday"));
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
