package dev.talon.platform.workflow;

import dev.talon.platform.schedule.HeartbeatTurnTest;
import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.api.Test;

/**
 * Replays recorded histories against today's workflow code: if a change to AgentTurnWorkflowImpl would break
 * turns already running in production, this fails.
 * Re-record (only for an intended, versioned change) with {@code -Dtalon.record-histories=true}, which makes
 * AgentTurnWithTurnLogTest, AgentTurnControlTest, BudgetedTurnTest, MemoryConsolidationTest, SubagentWorkflowTest and
 * HeartbeatTurnTest write them. The approvals history of version 0 (decisions
 * signalled by model call id) was recorded with the code before approval ids and cannot be re-recorded.
 */
class AgentTurnReplayTest {

    private static final String TOOL_LOOP = "histories/agent-turn-tool-loop.json";
    private static final String APPROVALS_BY_MODEL_ID = "histories/agent-turn-approvals-v0.json";
    static final String APPROVALS = "histories/agent-turn-approvals-v1.json";
    /** Recorded before TurnConversation: the request carries {@code inlinePrompt: true}, no turn log at all. */
    private static final String INLINE_PROMPT = "histories/agent-turn-inline-prompt.json";
    /** Recorded before TurnConversation: a turn-log turn whose log is wiped at step 2, so it goes inline. */
    private static final String LOG_LOST = "histories/agent-turn-log-lost.json";
    /** A turn the tenant's budget stopped at step 4 (budget-stop version 1); BudgetedTurnTest records it. */
    static final String BUDGET_STOP = "histories/agent-turn-budget-stop.json";
    /** A turn over its session's window (version 1 of memory-consolidation) that starts a memory consolidation. */
    private static final String MEMORY_CONSOLIDATION = "histories/agent-turn-memory-consolidation.json";
    /** A turn that spawned a subagent and waited for it (version 1 of subagents); SubagentWorkflowTest records it. */
    static final String SPAWN_WAITED = "histories/agent-turn-spawn-waited.json";
    /** A turn that spawned a subagent in the background and ended before it; SubagentWorkflowTest records it. */
    static final String SPAWN_BACKGROUND = "histories/agent-turn-spawn-background.json";

    @Test
    void recordedToolLoopHistoryReplaysWithoutNonDeterminism() throws Exception {
        WorkflowReplayer.replayWorkflowExecutionFromResource(TOOL_LOOP, AgentTurnWorkflowImpl.class);
    }

    @Test
    void approvalsSignalledByModelCallIdBeforeApprovalIdsStillReplay() throws Exception {
        WorkflowReplayer.replayWorkflowExecutionFromResource(APPROVALS_BY_MODEL_ID, AgentTurnWorkflowImpl.class);
    }

    @Test
    void approvalsDecidedByWorkflowMadeIdsReplay() throws Exception {
        WorkflowReplayer.replayWorkflowExecutionFromResource(APPROVALS, AgentTurnWorkflowImpl.class);
    }

    @Test
    void inlinePromptTurnRecordedBeforeTurnConversationReplays() throws Exception {
        WorkflowReplayer.replayWorkflowExecutionFromResource(INLINE_PROMPT, AgentTurnWorkflowImpl.class);
    }

    @Test
    void turnStoppedByItsBudgetReplays() throws Exception {
        WorkflowReplayer.replayWorkflowExecutionFromResource(BUDGET_STOP, AgentTurnWorkflowImpl.class);
    }

    @Test
    void turnLogTurnThatLostItsLogBeforeTurnConversationReplays() throws Exception {
        WorkflowReplayer.replayWorkflowExecutionFromResource(LOG_LOST, AgentTurnWorkflowImpl.class);
    }

    @Test
    void heartbeatAnsweredHeartbeatOkReplays() throws Exception {
        WorkflowReplayer.replayWorkflowExecutionFromResource(HeartbeatTurnTest.HEARTBEAT_OK_HISTORY,
                AgentTurnWorkflowImpl.class);
    }

    @Test
    void heartbeatSkippedInQuietHoursReplays() throws Exception {
        WorkflowReplayer.replayWorkflowExecutionFromResource(HeartbeatTurnTest.HEARTBEAT_SKIPPED_HISTORY,
                AgentTurnWorkflowImpl.class);
    }

    @Test
    void turnThatStartsAMemoryConsolidationReplays() throws Exception {
        WorkflowReplayer.replayWorkflowExecutionFromResource(MEMORY_CONSOLIDATION, AgentTurnWorkflowImpl.class);
    }

    @Test
    void turnThatWaitedForASubagentReplays() throws Exception {
        WorkflowReplayer.replayWorkflowExecutionFromResource(SPAWN_WAITED, AgentTurnWorkflowImpl.class);
    }

    @Test
    void turnThatLeftASubagentRunningInTheBackgroundReplays() throws Exception {
        WorkflowReplayer.replayWorkflowExecutionFromResource(SPAWN_BACKGROUND, AgentTurnWorkflowImpl.class);
    }
}
