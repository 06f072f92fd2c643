package dev.talon.platform.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.talon.api.AssistantMessage;
import dev.talon.api.ChatResponse;
import dev.talon.api.ToolCall;
import dev.talon.api.Usage;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Replays a recorded history of a tool-loop turn against today's workflow code: if a change to
 * AgentTurnWorkflowImpl would break turns already running in production, this fails.
 * Re-record (only for an intended, versioned change) with {@code -Dtalon.record-histories=true}.
 */
class AgentTurnReplayTest {

    private static final String HISTORY = "histories/agent-turn-tool-loop.json";

    @Test
    void recordedToolLoopHistoryReplaysWithoutNonDeterminism() throws Exception {
        WorkflowReplayer.replayWorkflowExecutionFromResource(HISTORY, AgentTurnWorkflowImpl.class);
    }

    @Test
    @EnabledIfSystemProperty(named = "talon.record-histories", matches = "true")
    void recordToolLoopHistory() throws Exception {
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            Worker worker = env.newWorker("replay");
            worker.registerWorkflowImplementationTypes(AgentTurnWorkflowImpl.class);
            ToolCall call = new ToolCall("call_1_1", "write_file",
                    JsonNodeFactory.instance.objectNode().put("path", "hello.txt").put("content", "hi"));
            worker.registerActivitiesImplementations(new ScriptedActivities(10, n -> n == 1
                    ? new ChatResponse(new AssistantMessage("", List.of(call)), new Usage(5, 1), "tool_calls")
                    : ScriptedActivities.answer("write_file: Wrote 2 bytes to hello.txt")));
            env.start();
            AgentTurnWorkflow workflow = env.getWorkflowClient().newWorkflowStub(AgentTurnWorkflow.class,
                    WorkflowOptions.newBuilder().setTaskQueue("replay").setWorkflowId("talon/demo/turn/recorded").build());
            workflow.run(new TurnRequest("demo", "s1", "recorded", "/call write_file {\"path\":\"hello.txt\",\"content\":\"hi\"}"));
            WorkflowExecutionHistory history = env.getWorkflowClient().fetchHistory("talon/demo/turn/recorded");
            Path file = Path.of("src/test/resources", HISTORY);
            Files.createDirectories(file.getParent());
            Files.writeString(file, history.toJson(true));
            assertThat(file).isNotEmptyFile();
        }
    }
}
