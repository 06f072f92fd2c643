package dev.talon.platform.workflow;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One user message, answered: build the prompt, loop LLM call → tool calls until the LLM answers or the
 * tenant's iteration limit is reached, then record the turn. One activity per step, so a worker dying
 * mid-turn costs only the step it was running.
 */
@WorkflowInterface
public interface AgentTurnWorkflow {

    @WorkflowMethod(name = "AgentTurn")
    TurnResult run(TurnRequest request);
}
