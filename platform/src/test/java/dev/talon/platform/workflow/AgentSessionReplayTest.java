package dev.talon.platform.workflow;

import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.api.Test;

/**
 * Replays recorded histories of the long-lived workflows against today's code. A session outlives deploys (with
 * worker versioning it auto-upgrades to the new build), so a change that breaks these must be guarded by
 * {@code Workflow.getVersion}. Re-record with {@code -Dtalon.record-histories=true} (AgentSessionWorkflowTest,
 * MemoryConsolidationTest write them).
 */
class AgentSessionReplayTest {

    /** A session's first run: a signalled turn, an updated turn, continue-as-new after two. */
    static final String SESSION = "histories/agent-session.json";
    /** A memory consolidation started by a turn (MemoryConsolidationTest). */
    private static final String CONSOLIDATION = "histories/memory-consolidation.json";

    @Test
    void recordedSessionHistoryReplays() throws Exception {
        WorkflowReplayer.replayWorkflowExecutionFromResource(SESSION, AgentSessionWorkflowImpl.class);
    }

    @Test
    void recordedMemoryConsolidationHistoryReplays() throws Exception {
        WorkflowReplayer.replayWorkflowExecutionFromResource(CONSOLIDATION, MemoryConsolidationWorkflowImpl.class);
    }
}
