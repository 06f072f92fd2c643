package dev.talon.platform.workflow;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Calls the tenant's LLM provider. */
@ActivityInterface
public interface LlmActivities {

    /**
     * One model call, its reply appended to the turn log. Fails with type {@link LlmFailures#RETRYABLE}
     * (Temporal retries it), {@link LlmFailures#REJECTED} (not retried; the turn fails with the provider's
     * reason) or {@link TurnLogFailures#UNAVAILABLE} (the workflow resends the conversation inline).
     */
    @ActivityMethod(name = "LlmChat")
    LlmStep chat(LlmChatInput input);
}
