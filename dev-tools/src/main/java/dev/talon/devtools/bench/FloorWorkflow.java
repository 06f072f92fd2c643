package dev.talon.devtools.bench;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** The bare-Temporal floor of a turn: as many no-op activities, one after the other, as a K-step turn runs. */
@WorkflowInterface
public interface FloorWorkflow {

    @WorkflowMethod
    int run(int activities);
}
