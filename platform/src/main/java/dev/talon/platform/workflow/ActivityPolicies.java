package dev.talon.platform.workflow;

import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/** Timeouts and retries of each activity; docs/durability.md explains the numbers. */
public final class ActivityPolicies {

    /** A dead worker's tool is retried after this long without a heartbeat. */
    static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);

    /** How often a running tool heartbeats; each answer can carry a cancellation. */
    public static final Duration HEARTBEAT_INTERVAL = Duration.ofMillis(250);

    /** The most the worker holds back heartbeats (it batches them); bounds how late a cancel is seen. */
    public static final Duration HEARTBEAT_THROTTLE = Duration.ofMillis(500);

    private ActivityPolicies() {
    }

    /** BuildPrompt and RecordTurn: local file work, quick, safe to repeat; a dead worker's attempt is retried soon. */
    static ActivityOptions conversation() {
        return ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(30))
                .setRetryOptions(RetryOptions.newBuilder()
                        .setInitialInterval(Duration.ofSeconds(1))
                        .setMaximumInterval(Duration.ofSeconds(30))
                        .setMaximumAttempts(10)
                        .build())
                .build();
    }

    /** LlmChat: slow and rate limited; heartbeated while waiting; rejected calls are not retried. */
    static ActivityOptions llm() {
        return ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(5))
                .setHeartbeatTimeout(HEARTBEAT_TIMEOUT)
                .setRetryOptions(RetryOptions.newBuilder()
                        .setInitialInterval(Duration.ofSeconds(2))
                        .setBackoffCoefficient(2)
                        .setMaximumInterval(Duration.ofMinutes(1))
                        .setMaximumAttempts(6)
                        .setDoNotRetry(LlmFailures.REJECTED)
                        .build())
                .build();
    }

    /** ConsolidateMemory: one LLM call and a few file writes; refused calls (no save_memory) are not retried. */
    static ActivityOptions memory() {
        return ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(5))
                .setRetryOptions(RetryOptions.newBuilder()
                        .setInitialInterval(Duration.ofSeconds(2))
                        .setBackoffCoefficient(2)
                        .setMaximumInterval(Duration.ofMinutes(1))
                        .setMaximumAttempts(4)
                        .setDoNotRetry(LlmFailures.REJECTED)
                        .build())
                .build();
    }

    /**
     * ExecuteTool: as long as the tenant's exec timeout plus a margin, heartbeated, retried a few times
     * because tools may run again after a worker dies (at-least-once).
     */
    static ActivityOptions tool(int execTimeoutSeconds) {
        return ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(execTimeoutSeconds).plusSeconds(60))
                .setHeartbeatTimeout(HEARTBEAT_TIMEOUT)
                // the workflow waits until the tool has really stopped before it records a cancelled turn
                .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
                .setRetryOptions(RetryOptions.newBuilder()
                        .setInitialInterval(Duration.ofSeconds(1))
                        .setMaximumAttempts(3)
                        .build())
                .build();
    }
}
