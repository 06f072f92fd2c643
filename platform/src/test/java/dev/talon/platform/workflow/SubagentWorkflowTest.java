package dev.talon.platform.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.talon.api.ToolResultMessage;
import dev.talon.platform.client.TurnIds;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The spawn tool: subagents as child turns, waited for or in the background, within the tenant's limits. */
class SubagentWorkflowTest {

    private static final String QUEUE = "subagents";
    private static final String TENANT = "acme";

    private TestWorkflowEnvironment env;

    @BeforeEach
    void start() {
        env = TestWorkflowEnvironment.newInstance();
    }

    @AfterEach
    void stop() {
        env.close();
    }

    private SubagentActivities activities(int maxDepth, int maxConcurrent) {
        SubagentActivities activities = new SubagentActivities(new SubagentLimits(maxDepth, maxConcurrent, 15));
        Worker worker = env.newWorker(QUEUE);
        worker.registerWorkflowImplementationTypes(AgentTurnWorkflowImpl.class);
        worker.registerActivitiesImplementations(activities);
        env.start();
        return activities;
    }

    private void startTurn(String turnId, String message) {
        AgentTurnWorkflow turn = env.getWorkflowClient().newWorkflowStub(AgentTurnWorkflow.class,
                WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(TurnIds.workflowId(TENANT, turnId))
                        .build());
        WorkflowClient.start(turn::run, new TurnRequest(TENANT, "s1", turnId, message));
    }

    private TurnResult result(String turnId) {
        return env.getWorkflowClient().newUntypedWorkflowStub(TurnIds.workflowId(TENANT, turnId))
                .getResult(TurnResult.class);
    }

    /** The result of a turn that another workflow starts (it may not exist yet). */
    private TurnResult awaitResult(String turnId) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            try {
                return result(turnId);
            } catch (WorkflowNotFoundException notYet) {
                Thread.sleep(100);
            }
        }
        return result(turnId);
    }

    private List<SubagentView> subagents(String turnId) {
        return env.getWorkflowClient().newWorkflowStub(AgentTurnWorkflow.class, TurnIds.workflowId(TENANT, turnId))
                .subagents();
    }

    private static String spawn(String task, String label, Boolean wait) {
        return "/call spawn {\"task\": \"" + task + "\", \"label\": \"" + label + "\""
                + (wait == null ? "" : ", \"wait\": " + wait) + "}";
    }

    /** The tool result the parent's LLM read for its n-th tool call. */
    private static String toolResult(SubagentActivities activities, String turnId, int n) {
        return activities.toolInputs.stream().filter(input -> input.turnId().equals(turnId)).toList().get(n)
                .platformResult();
    }

    @Test
    void aWaitedForSubagentsAnswerIsTheToolResultOfTheSameTurn() throws Exception {
        SubagentActivities activities = activities(1, 3);

        startTurn("t1", spawn("find the capital of France", "research", true));

        TurnResult parent = result("t1");
        assertThat(parent.reply()).isEqualTo("done: answer to: find the capital of France");
        assertThat(parent.toolsUsed()).containsExactly("spawn");
        TurnResult child = result("t1.sub1-1");
        assertThat(child.session()).isEqualTo("subagent.s1.research");
        assertThat(subagents("t1")).containsExactly(
                new SubagentView("t1.sub1-1", "research", "subagent.s1.research", "completed", false));
        // recorded in its own session; nothing delivered to the parent's, which has the answer as a tool result
        assertThat(activities.recordedIn("subagent.s1.research")).singleElement()
                .extracting(RecordTurnInput::turnId).isEqualTo("t1.sub1-1");
        assertThat(activities.recordedIn("s1")).singleElement().extracting(RecordTurnInput::turnId).isEqualTo("t1");

        var history = env.getWorkflowClient().fetchHistory(TurnIds.workflowId(TENANT, "t1"));
        WorkflowReplayer.replayWorkflowExecution(history, AgentTurnWorkflowImpl.class);
        if (Boolean.getBoolean("talon.record-histories")) {
            Files.writeString(Path.of("src/test/resources/" + AgentTurnReplayTest.SPAWN_WAITED), history.toJson(true));
        }
    }

    @Test
    void aBackgroundSubagentOutlivesItsParentAndDeliversItsAnswerToTheParentSessionOnce() throws Exception {
        SubagentActivities activities = activities(1, 3);

        startTurn("t2", spawn("/hold", "slow", null));

        TurnResult parent = result("t2");
        assertThat(toolResult(activities, "t2", 0)).contains("started in the background", "t2.sub1-1");
        assertThat(parent.reply()).startsWith("done: Subagent 'slow' started in the background");
        assertThat(activities.recordedIn("s1")).hasSize(1); // only the parent's own turn so far

        activities.release.countDown();
        assertThat(result("t2.sub1-1").reply()).isEqualTo("held: t2.sub1-1");
        assertThat(activities.recordedIn("s1")).hasSize(2).last().satisfies(delivered -> {
            assertThat(delivered.turnId()).isEqualTo("t2.sub1-1");
            assertThat(delivered.log()).isNull();
            assertThat(delivered.messages()).singleElement().satisfies(message -> assertThat(message.content())
                    .startsWith("[Subagent 'slow' finished (turn t2.sub1-1)").endsWith("held: t2.sub1-1"));
        });

        var history = env.getWorkflowClient().fetchHistory(TurnIds.workflowId(TENANT, "t2"));
        WorkflowReplayer.replayWorkflowExecution(history, AgentTurnWorkflowImpl.class);
        if (Boolean.getBoolean("talon.record-histories")) {
            Files.writeString(Path.of("src/test/resources/" + AgentTurnReplayTest.SPAWN_BACKGROUND),
                    history.toJson(true));
        }
    }

    @Test
    void inASessionWorkflowABackgroundAnswerTriggersATurnThereThatRecordsIt() throws Exception {
        SubagentActivities activities = new SubagentActivities(new SubagentLimits(1, 3, 15));
        Worker worker = env.newWorker(QUEUE);
        worker.registerWorkflowImplementationTypes(AgentTurnWorkflowImpl.class, AgentSessionWorkflowImpl.class);
        worker.registerActivitiesImplementations(activities);
        env.start();
        AgentSessionWorkflow session = env.getWorkflowClient().newWorkflowStub(AgentSessionWorkflow.class,
                WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(TurnIds.sessionWorkflowId(TENANT, "s1"))
                        .build());
        WorkflowClient.start(session::run, SessionState.fresh(TENANT, "s1", 600, 50));

        TurnResult parent = session.send(new SessionMessage("t9", spawn("/hold", "slow", false)));
        assertThat(parent.reply()).startsWith("done: Subagent 'slow' started in the background");
        activities.release.countDown();
        result("t9.sub1-1");

        TurnResult answer = awaitResult("t9.sub1-1.answer");
        assertThat(answer.session()).isEqualTo("s1");
        assertThat(answer.reply()).startsWith("answer to: [Subagent 'slow' finished (turn t9.sub1-1)")
                .endsWith("held: t9.sub1-1");
        // the triggered turn recorded the answer; nothing was written into the session file beside it
        assertThat(activities.recordedIn("s1")).extracting(RecordTurnInput::turnId)
                .containsExactly("t9", "t9.sub1-1.answer");
        session.end();
    }

    @Test
    void aSubagentAtTheDepthLimitCannotSpawnAndSaysSo() {
        SubagentActivities activities = activities(1, 3);
        String nested = "/call spawn {\\\"task\\\": \\\"deeper\\\", \\\"label\\\": \\\"inner\\\"}";

        startTurn("t3", spawn(nested, "outer", true));

        result("t3");
        assertThat(toolResult(activities, "t3.sub1-1", 0)).startsWith("Error: a subagent at depth 1 may not start"
                + " subagents");
        assertThat(activities.prompts).extracting(BuildPromptInput::turnId).containsExactly("t3", "t3.sub1-1");
        assertThat(subagents("t3.sub1-1")).isEmpty();
    }

    @Test
    void depthTwoLetsASubagentSpawnOnce() {
        SubagentActivities activities = activities(2, 3);
        String nested = "/call spawn {\\\"task\\\": \\\"deeper\\\", \\\"label\\\": \\\"inner\\\", \\\"wait\\\": true}";

        startTurn("t4", spawn(nested, "outer", true));

        assertThat(result("t4").reply()).isEqualTo("done: done: answer to: deeper");
        assertThat(result("t4.sub1-1.sub1-1").session()).isEqualTo("subagent.subagent.s1.outer.inner");
    }

    @Test
    void spawnsBeyondTheConcurrentLimitGetAToolError() {
        SubagentActivities activities = activities(1, 1);

        startTurn("t5", spawn("/hold", "first", false) + "\n" + spawn("two", "second", false));

        result("t5");
        assertThat(toolResult(activities, "t5", 0)).contains("started in the background");
        assertThat(toolResult(activities, "t5", 1)).startsWith("Error: 1 subagents of this turn are running");
        assertThat(activities.toolInputs.stream().filter(input -> input.turnId().equals("t5")).toList().get(1)
                .platformError()).isTrue();
        assertThat(subagents("t5")).extracting(SubagentView::label).containsExactly("first");
        activities.release.countDown();
        result("t5.sub1-1");
    }

    @Test
    void aBadLabelOrUnknownArgumentIsAToolErrorAndStartsNothing() {
        SubagentActivities activities = activities(1, 3);

        startTurn("t6", spawn("x", "../etc", true) + "\n/call spawn {\"task\": \"x\", \"label\": \"ok\", \"as\": 1}"
                + "\n/call spawn {\"label\": \"ok\"}");

        result("t6");
        assertThat(toolResult(activities, "t6", 0)).startsWith("Error: spawn needs a label of 1 to 32 letters");
        assertThat(toolResult(activities, "t6", 1)).startsWith("Error: spawn has no argument 'as'");
        assertThat(toolResult(activities, "t6", 2)).startsWith("Error: spawn needs a task");
        assertThat(activities.prompts).extracting(BuildPromptInput::turnId).containsExactly("t6");
        assertThat(subagents("t6")).isEmpty();
    }

    @Test
    void cancellingTheParentCancelsTheSubagentItWaitsFor() throws Exception {
        SubagentActivities activities = activities(1, 3);

        startTurn("t7", spawn("/call block", "worker", true));
        assertThat(activities.blockStarted.await(10, TimeUnit.SECONDS)).isTrue();
        env.getWorkflowClient().newUntypedWorkflowStub(TurnIds.workflowId(TENANT, "t7")).cancel();

        assertThatThrownBy(() -> result("t7")).isInstanceOf(WorkflowFailedException.class).cause()
                .isInstanceOf(CanceledFailure.class);
        assertThatThrownBy(() -> result("t7.sub1-1")).isInstanceOf(WorkflowFailedException.class).cause()
                .isInstanceOf(CanceledFailure.class);
        assertThat(activities.blockStopped.await(10, TimeUnit.SECONDS)).isTrue();
        // both recorded what they did; a waited-for subagent tells no one else
        assertThat(activities.recordedIn("subagent.s1.worker")).singleElement()
                .satisfies(record -> assertThat(record.messages().getLast().content()).isEqualTo("(cancelled)"));
        assertThat(activities.recordedIn("s1")).singleElement().satisfies(record -> assertThat(record.messages())
                .filteredOn(ToolResultMessage.class::isInstance).singleElement()
                .satisfies(result -> assertThat(result.content()).contains("cancelled")));
    }

    @Test
    void withoutTheTenantsConsentSpawnIsAnOrdinaryToolCall() {
        SubagentActivities activities = new SubagentActivities(null);
        Worker worker = env.newWorker(QUEUE);
        worker.registerWorkflowImplementationTypes(AgentTurnWorkflowImpl.class);
        worker.registerActivitiesImplementations(activities);
        env.start();

        startTurn("t8", spawn("x", "research", true));

        assertThat(result("t8").reply()).isEqualTo("done: ran spawn");
        assertThat(activities.toolInputs).singleElement().satisfies(input -> assertThat(input.platformResult()).isNull());
        assertThat(activities.prompts).hasSize(1);
    }
}
