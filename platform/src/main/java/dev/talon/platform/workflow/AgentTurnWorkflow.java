package dev.talon.platform.workflow;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * One user message, answered: build the prompt, loop LLM call → tool calls until the LLM answers or the
 * tenant's iteration limit is reached, then record the turn. One activity per step, so a worker dying
 * mid-turn costs only the step it was running. Cancelling the workflow kills a running tool and records
 * what the turn did so far.
 */
@WorkflowInterface
public interface AgentTurnWorkflow {

    @WorkflowMethod(name = "AgentTurn")
    TurnResult run(TurnRequest request);

    /**
     * Approves or denies a tool call that waits for approval (tenant policy {@code approval.tools}); returns the
     * call decided. Each waiting call is decided once, by the id the workflow gave it.
     */
    @UpdateMethod(name = "decide")
    PendingApproval decide(ApprovalDecision decision);

    /**
     * Refuses, before anything is recorded, a decision on an id no call waits under ({@link ApprovalFailures#UNKNOWN})
     * or on a call already decided or timed out ({@link ApprovalFailures#ALREADY_DECIDED}).
     */
    @UpdateValidatorMethod(updateName = "decide")
    void validateDecision(ApprovalDecision decision);

    /**
     * The decision as a signal, as it was sent before the {@code decide} update: kept so that turns recorded with
     * it replay. Nothing sends it any more; a decision it carries is only taken when {@code decide} would take it.
     */
    @SignalMethod(name = "approval")
    void approval(ApprovalDecision decision);

    /** The tool calls waiting for approval now. */
    @QueryMethod(name = "pendingApprovals")
    List<PendingApproval> pendingApprovals();

    /** The subagents this turn started ({@code spawn}), in order, with their status as this turn last saw it. */
    @QueryMethod(name = "subagents")
    List<SubagentView> subagents();
}
