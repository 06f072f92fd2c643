package dev.talon.platform.workflow;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Folds a session's older messages into memory, started by the turn that found the session over its window and
 * left running when that turn ends, so the user's reply never waits for it. Workflow id
 * {@code talon/{tenant}/memory/{session}}: one consolidation of a session at a time.
 */
@WorkflowInterface
public interface MemoryConsolidationWorkflow {

    @WorkflowMethod
    boolean run(ConsolidateMemoryInput input);
}
