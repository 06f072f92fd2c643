package dev.talon.platform.workflow;

import io.temporal.workflow.Workflow;

/** One ConsolidateMemory activity. */
public final class MemoryConsolidationWorkflowImpl implements MemoryConsolidationWorkflow {

    private final MemoryActivities memory = Workflow.newActivityStub(MemoryActivities.class, ActivityPolicies.memory());

    @Override
    public boolean run(ConsolidateMemoryInput input) {
        return memory.consolidate(input);
    }
}
