package dev.talon.platform.workflow;

import dev.talon.api.ChatResponse;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Calls the tenant's LLM provider. */
@ActivityInterface
public interface LlmActivities {

    /**
     * One model call. Fails with type {@link LlmFailures#RETRYABLE} (Temporal retries it) or
     * {@link LlmFailures#REJECTED} (not retried; the turn fails with the provider's reason).
     */
    @ActivityMethod(name = "LlmChat")
    ChatResponse chat(LlmChatInput input);
}
