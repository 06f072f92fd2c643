package dev.talon.platform.workflow;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Runs the tools the LLM asked for. */
@ActivityInterface
public interface ToolActivities {

    /**
     * Runs one tool call, heartbeating while it runs. A tool's own failure is a result with {@code error}
     * set, for the LLM to read; only infrastructure failures fail the activity. Output longer than the
     * limit is cut for the LLM and kept whole in the workspace.
     */
    @ActivityMethod(name = "ExecuteTool")
    ToolStep execute(ExecuteToolInput input);

    /** Tells the tenant's exec backend the session ended, so it can release a sandbox kept for it. */
    @ActivityMethod(name = "EndSession")
    void endSession(EndSessionInput input);
}
