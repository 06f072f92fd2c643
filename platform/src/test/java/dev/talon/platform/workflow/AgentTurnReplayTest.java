package dev.talon.platform.workflow;

import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.api.Test;

/**
 * Replays a recorded history of a tool-loop turn against today's workflow code: if a change to
 * AgentTurnWorkflowImpl would break turns already running in production, this fails.
 * Re-record (only for an intended, versioned change) with {@code -Dtalon.record-histories=true}, which makes
 * AgentTurnWithTurnLogTest write it.
 */
class AgentTurnReplayTest {

    private static final String HISTORY = "histories/agent-turn-tool-loop.json";

    @Test
    void recordedToolLoopHistoryReplaysWithoutNonDeterminism() throws Exception {
        WorkflowReplayer.replayWorkflowExecutionFromResource(HISTORY, AgentTurnWorkflowImpl.class);
    }
}
