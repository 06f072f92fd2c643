package dev.talon.platform.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.talon.api.AssistantMessage;
import dev.talon.api.ChatResponse;
import dev.talon.api.Message;
import dev.talon.api.ToolCall;
import dev.talon.api.ToolResultMessage;
import dev.talon.api.Usage;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The model picks its tool calls' ids, so it must not be able to pick which call a human's approval applies to:
 * approvals are keyed by ids the workflow makes and each is taken once (issue 9, "Approval bypass").
 */
@Tag("hostile-model")
class ApprovalBypassTest {

    private static final String QUEUE = "approvals";

    private TestWorkflowEnvironment env;

    @BeforeEach
    void start() {
        env = TestWorkflowEnvironment.newInstance();
    }

    @AfterEach
    void stop() {
        env.close();
    }

    private static ToolCall call(String id, String tool, String target) {
        return new ToolCall(id, tool, JsonNodeFactory.instance.objectNode().put("env", target));
    }

    /** An LLM that makes these replies, one per step, then answers "finished". */
    private static ScriptedActivities llmReplying(List<List<ToolCall>> replies) {
        ScriptedActivities activities = new ScriptedActivities(10, n -> n <= replies.size()
                ? new ChatResponse(new AssistantMessage("", replies.get(n - 1)), Usage.NONE, "tool_calls")
                : ScriptedActivities.answer("finished"));
        activities.approvalTools = List.of("deploy");
        return activities;
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

    private boolean running(String id) {
        return env.getWorkflowClient().newUntypedWorkflowStub(id).describe().getStatus()
                == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    }

    /**
     * Plays the human until the turn ends: answers each call it is shown, once; approves the first one if
     * {@code approveFirst}, denies all others. Polls without skipping time, so no approval times out meanwhile.
     * Returns what it was shown.
     */
    private List<PendingApproval> human(AgentTurnWorkflow turn, String id, boolean approveFirst)
            throws InterruptedException {
        List<PendingApproval> shown = new ArrayList<>();
        while (running(id)) {
            for (PendingApproval pending : turn.pendingApprovals()) {
                if (!shown.contains(pending)) {
                    boolean approve = approveFirst && shown.isEmpty();
                    shown.add(pending);
                    turn.decide(new ApprovalDecision(pending.approvalId(), approve, "not that one"));
                }
            }
            Thread.sleep(20);
        }
        return shown;
    }

    private static void awaitPending(AgentTurnWorkflow turn) throws InterruptedException {
        while (turn.pendingApprovals().isEmpty()) {
            Thread.sleep(20);
        }
    }

    /** The targets of the calls that ran (were not denied). */
    private static List<String> ran(ScriptedActivities activities) {
        return activities.toolInputs.stream().filter(input -> input.denial() == null)
                .map(input -> input.call().arguments().path("env").asText()).toList();
    }

    private static List<String> targets(List<PendingApproval> approvals) {
        return approvals.stream().map(pending -> pending.arguments().path("env").asText()).toList();
    }

    @Test
    @DisplayName("Approval bypass: two calls sharing id c1 in one reply — approving one shown does not run the other")
    void aCallSharingAnIdDoesNotRideOnTheApprovalOfTheOther() throws Exception {
        ScriptedActivities activities = llmReplying(List.of(
                List.of(call("c1", "deploy", "staging"), call("c1", "deploy", "prod"))));
        AgentTurnWorkflow turn = startTurn(activities, "shared-id");

        List<PendingApproval> shown = human(turn, "shared-id", true);

        // at most the one call the human approved ran, and only if it was the one shown first
        List<PendingApproval> approved = shown.subList(0, Math.min(1, shown.size()));
        assertThat(ran(activities)).doesNotContain("prod").isSubsetOf(targets(approved));
    }

    @Test
    @DisplayName("Approval bypass: a later step reusing id c1 waits for its own approval")
    void aLaterStepReusingAnIdWaitsForItsOwnApproval() throws Exception {
        ScriptedActivities activities = llmReplying(List.of(
                List.of(call("c1", "deploy", "staging")),
                List.of(call("c1", "deploy", "prod"))));
        AgentTurnWorkflow turn = startTurn(activities, "reused-id");

        List<PendingApproval> shown = human(turn, "reused-id", true);

        assertThat(targets(shown)).containsExactly("staging", "prod");
        assertThat(shown).extracting(PendingApproval::approvalId).containsExactly("1-1", "2-1");
        assertThat(shown).allSatisfy(pending -> assertThat(pending.tool()).isEqualTo("deploy"));
        assertThat(ran(activities)).containsExactly("staging");
    }

    @Test
    @DisplayName("Approval bypass: the model's call id, and an id no call waits under yet, are refused by the update")
    void theModelsIdAndFutureIdsAreNotApprovalKeys() throws Exception {
        ScriptedActivities activities = llmReplying(List.of(
                List.of(call("c1", "deploy", "staging")),
                List.of(call("c2", "deploy", "prod"))));
        AgentTurnWorkflow turn = startTurn(activities, "unknown-ids");
        awaitPending(turn);

        for (String notWaiting : List.of("c1", "2-1", "1-2", "")) {
            assertThatThrownBy(() -> turn.decide(new ApprovalDecision(notWaiting, true, null)))
                    .as(notWaiting).isInstanceOf(WorkflowUpdateException.class)
                    .cause().isInstanceOfSatisfying(ApplicationFailure.class,
                            failure -> assertThat(failure.getType()).isEqualTo(ApprovalFailures.UNKNOWN));
        }
        // the refused decisions approved nothing, now or in advance: the human says no to both calls, none runs
        List<PendingApproval> shown = human(turn, "unknown-ids", false);

        assertThat(ran(activities)).isEmpty();
        assertThat(targets(shown)).containsExactly("staging", "prod");
        assertThat(shown).extracting(PendingApproval::approvalId).containsExactly("1-1", "2-1");
    }

    @Test
    @DisplayName("Calls sharing a model id in one reply are refused, each with a result of its own")
    void callsSharingAnIdAreRefusedEachWithItsOwnResult() throws Exception {
        ScriptedActivities activities = llmReplying(List.of(
                List.of(call("c1", "look", "a"), call("c2", "look", "b"), call("c1", "look", "c"))));
        startTurn(activities, "shared-unguarded");

        env.getWorkflowClient().newUntypedWorkflowStub("shared-unguarded").getResult(TurnResult.class);

        assertThat(ran(activities)).containsExactly("b");
        List<Message> seen = activities.llmInputs.get(1).messages();
        List<ToolResultMessage> results = seen.subList(seen.size() - 3, seen.size()).stream()
                .map(ToolResultMessage.class::cast).toList();
        assertThat(results).extracting(ToolResultMessage::toolCallId).containsExactly("c1", "c2", "c1");
        assertThat(results).extracting(ToolResultMessage::error).containsExactly(true, false, true);
        assertThat(results.getFirst().content()).contains("same id");
    }

    @Test
    @DisplayName("A cancelled turn answers each open call, even when an earlier step's result has the same model id")
    void cancelAnswersEveryOpenCallWhateverItsId() throws Exception {
        ScriptedActivities activities = llmReplying(List.of(
                List.of(call("c1", "look", "a")),
                List.of(call("c1", "deploy", "prod"))));
        startTurn(activities, "cancel-reused");
        awaitPending(env.getWorkflowClient().newWorkflowStub(AgentTurnWorkflow.class, "cancel-reused"));

        env.getWorkflowClient().newUntypedWorkflowStub("cancel-reused").cancel();
        while (running("cancel-reused")) {
            Thread.sleep(20);
        }

        assertThat(activities.recorded).singleElement().satisfies(record -> {
            List<Message> messages = record.messages();
            // user, reply 1, its result, reply 2, a result for reply 2's call, "(cancelled)"
            assertThat(messages).hasSize(6);
            assertThat(messages.get(4)).isInstanceOfSatisfying(ToolResultMessage.class, result -> {
                assertThat(result.toolCallId()).isEqualTo("c1");
                assertThat(result.content()).contains("cancelled");
            });
        });
    }
}
