package dev.talon.platform.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.talon.api.AssistantMessage;
import dev.talon.api.ChatResponse;
import dev.talon.api.ToolCall;
import dev.talon.api.ToolResultMessage;
import dev.talon.api.Usage;
import dev.talon.api.UserMessage;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AgentTurnWorkflowTest {

    private static final String QUEUE = "test-turns";

    private TestWorkflowEnvironment env;

    @BeforeEach
    void startEnvironment() {
        env = TestWorkflowEnvironment.newInstance();
    }

    @AfterEach
    void stopEnvironment() {
        env.close();
    }

    private TurnResult run(ScriptedActivities activities, String message) {
        Worker worker = env.newWorker(QUEUE);
        worker.registerWorkflowImplementationTypes(AgentTurnWorkflowImpl.class);
        worker.registerActivitiesImplementations(activities);
        env.start();
        AgentTurnWorkflow workflow = env.getWorkflowClient().newWorkflowStub(AgentTurnWorkflow.class,
                WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId("turn-under-test").build());
        return workflow.run(new TurnRequest("acme", "s1", "turn-1", message));
    }

    private static ChatResponse callTool(int step) {
        ToolCall call = new ToolCall("call_" + step, "write_file",
                JsonNodeFactory.instance.objectNode().put("path", "a.txt").put("content", "hi"));
        return new ChatResponse(new AssistantMessage("", List.of(call)), new Usage(5, 1), "tool_calls");
    }

    @Test
    void toolLoopRunsTheToolThenRecordsTheWholeTurnOnce() {
        ScriptedActivities activities = new ScriptedActivities(10,
                call -> call == 1 ? callTool(1) : ScriptedActivities.answer("done"));

        TurnResult result = run(activities, "write a file");

        assertThat(result.reply()).isEqualTo("done");
        assertThat(result.toolsUsed()).containsExactly("write_file");
        assertThat(result.iterations()).isEqualTo(2);
        assertThat(result.stopReason()).isEqualTo(TurnResult.COMPLETED);
        assertThat(result.usage()).isEqualTo(new Usage(15, 3));
        assertThat(activities.toolInputs).singleElement().satisfies(input -> {
            assertThat(input.step()).isEqualTo(1);
            assertThat(input.call().arguments().path("path").asText()).isEqualTo("a.txt");
        });
        // the second LLM call sees the tool result
        assertThat(activities.llmInputs.get(1).messages().getLast()).isInstanceOf(ToolResultMessage.class);
        assertThat(activities.recorded).singleElement().satisfies(record -> {
            assertThat(record.turnId()).isEqualTo("turn-1");
            assertThat(record.messages()).hasSize(4);
            assertThat(record.messages().getFirst()).isEqualTo(new UserMessage("write a file"));
            assertThat(record.messages().getLast()).isEqualTo(AssistantMessage.text("done"));
        });
    }

    @Test
    void maxIterationsStopsALoopThatNeverAnswers() {
        ScriptedActivities activities = new ScriptedActivities(3, AgentTurnWorkflowTest::callTool);

        TurnResult result = run(activities, "loop forever");

        assertThat(result.stopReason()).isEqualTo(TurnResult.MAX_ITERATIONS);
        assertThat(result.iterations()).isEqualTo(3);
        assertThat(activities.llmCalls).hasValue(3);
        assertThat(activities.toolInputs).hasSize(3);
        assertThat(result.reply()).contains("maximum number of tool call iterations (3)");
        assertThat(activities.recorded).hasSize(1);
    }

    @Test
    void retryableLlmFailureIsRetriedByTemporalAndTheTurnCompletes() {
        Function<Integer, ChatResponse> flaky = call -> {
            if (call <= 2) {
                throw ApplicationFailure.newFailure("HTTP 429: slow down", LlmFailures.RETRYABLE);
            }
            return ScriptedActivities.answer("third time lucky");
        };
        ScriptedActivities activities = new ScriptedActivities(10, flaky);

        TurnResult result = run(activities, "hello");

        assertThat(result.reply()).isEqualTo("third time lucky");
        assertThat(activities.llmCalls).hasValue(3);
        assertThat(result.iterations()).isEqualTo(1);
    }

    @Test
    void nonRetryableLlmFailureFailsTheTurnAndRecordsNothing() {
        ScriptedActivities activities = new ScriptedActivities(10, call -> {
            throw ApplicationFailure.newNonRetryableFailure("HTTP 401: invalid key", LlmFailures.REJECTED);
        });

        assertThatThrownBy(() -> run(activities, "hello"))
                .isInstanceOf(WorkflowFailedException.class)
                .cause()
                .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
                    assertThat(failure.getType()).isEqualTo(LlmFailures.TURN_FAILED);
                    assertThat(failure.getOriginalMessage()).isEqualTo("The LLM call failed: HTTP 401: invalid key");
                });
        assertThat(activities.llmCalls).hasValue(1);
        assertThat(activities.recorded).isEmpty();
    }

    @Test
    void aToolThatCannotRunBecomesAnErrorResultForTheLlm() {
        ScriptedActivities activities = new ScriptedActivities(10,
                call -> call == 1 ? callTool(1) : ScriptedActivities.answer("noted")) {
            @Override
            public ToolStep execute(ExecuteToolInput input) {
                toolInputs.add(input);
                throw ApplicationFailure.newNonRetryableFailure("disk on fire", "IOError");
            }
        };

        TurnResult result = run(activities, "write");

        assertThat(result.reply()).isEqualTo("noted");
        ToolResultMessage seen = (ToolResultMessage) activities.llmInputs.get(1).messages().getLast();
        assertThat(seen.error()).isTrue();
        assertThat(seen.content()).contains("disk on fire");
    }
}
