package dev.talon.devtools.bench;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/** Runs {@code activities} no-op activities in sequence, as a turn runs BuildPrompt, K x (LlmChat, ExecuteTool), ... */
public final class FloorWorkflowImpl implements FloorWorkflow {

    private final NoopActivities noop = Workflow.newActivityStub(NoopActivities.class,
            ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());

    @Override
    public int run(int activities) {
        int sum = 0;
        for (int i = 0; i < activities; i++) {
            sum += noop.noop(i);
        }
        return sum;
    }
}
