package dev.talon.platform.workflow;

import io.temporal.common.VersioningBehavior;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowVersioningBehavior;

/** One ConsolidateMemory activity. */
public final class MemoryConsolidationWorkflowImpl implements MemoryConsolidationWorkflow {

    private final MemoryActivities memory = Workflow.newActivityStub(MemoryActivities.class, ActivityPolicies.memory());

    // with worker versioning on (WorkerVersioning): short, like a turn
    @WorkflowVersioningBehavior(VersioningBehavior.PINNED)
    @Override
    public boolean run(ConsolidateMemoryInput input) {
        return memory.consolidate(input);
    }
}
