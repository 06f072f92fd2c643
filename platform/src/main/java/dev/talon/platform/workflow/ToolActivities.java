package dev.talon.platform.workflow;

import dev.talon.api.ToolResultMessage;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Runs the tools the LLM asked for. */
@ActivityInterface
public interface ToolActivities {

    /**
     * Runs one tool call, heartbeating while it runs. A tool's own failure is a result with {@code error}
     * set, for the LLM to read; only infrastructure failures fail the activity.
     */
    @ActivityMethod(name = "ExecuteTool")
    ToolResultMessage execute(ExecuteToolInput input);
}
