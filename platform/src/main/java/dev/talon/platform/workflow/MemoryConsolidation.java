package dev.talon.platform.workflow;

import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;

/** Starts a session's memory consolidation from a turn and leaves it running (workflow code). */
final class MemoryConsolidation {

    private MemoryConsolidation() {
    }

    /**
     * Starts the child and waits only for its start. If the session's previous consolidation still runs, the id
     * is taken and this one is skipped: the next turn over the window asks again.
     */
    static void start(TurnRequest request) {
        MemoryConsolidationWorkflow child = Workflow.newChildWorkflowStub(MemoryConsolidationWorkflow.class,
                ChildWorkflowOptions.newBuilder()
                        .setWorkflowId(workflowId(request.tenant(), request.session()))
                        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
                        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                        .build());
        try {
            Async.function(child::run, new ConsolidateMemoryInput(request.tenant(), request.session(),
                    request.turnId()));
            Workflow.getWorkflowExecution(child).get();
        } catch (CanceledFailure cancelled) {
            throw cancelled;
        } catch (TemporalFailure notStarted) {
            // most likely the session's previous consolidation still runs: one at a time; the answer stands
        }
    }

    /** {@code talon/{tenant}/memory/{session}}, beside the turn and session ids of client.TurnIds. */
    static String workflowId(String tenant, String session) {
        return "talon/" + tenant + "/memory/" + session;
    }
}
