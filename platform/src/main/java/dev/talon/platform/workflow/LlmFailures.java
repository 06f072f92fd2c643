package dev.talon.platform.workflow;

import dev.talon.api.LlmException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** Failure types of the LlmChat activity, which decide whether Temporal retries it. */
public final class LlmFailures {

    /** The longest a server's retry-after may hold a turn back per attempt; a larger ask is cut to this. */
    static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

    /** Rate limit, 5xx, timeout: Temporal retries with backoff. */
    public static final String RETRYABLE = "LlmCallRetryable";

    /** Bad request, bad key, unknown model, misconfigured tenant: retrying cannot help. */
    public static final String REJECTED = "LlmCallRejected";

    /** The tenant's budget has no room for the call: the turn stops with {@link TurnResult#BUDGET_EXHAUSTED}. */
    public static final String BUDGET_EXHAUSTED = "BudgetExhausted";

    /** The type of the failure a turn ends with when its LLM call is rejected or keeps failing. */
    public static final String TURN_FAILED = "TurnFailed";

    private LlmFailures() {
    }

    /**
     * A provider's failure as the activity's: rejected (not retried), or retryable; a retryable failure whose
     * server said when to come back sets Temporal's next retry delay to that (at most {@link #MAX_RETRY_AFTER})
     * instead of the policy's backoff, and says so in its message.
     *
     * @param message the provider's message, already scrubbed of secrets
     */
    public static ApplicationFailure of(LlmException e, String message, Instant now) {
        if (!e.retryable()) {
            return ApplicationFailure.newNonRetryableFailure(message, REJECTED);
        }
        if (e.retryAfter().isEmpty()) {
            return ApplicationFailure.newFailure(message, RETRYABLE);
        }
        Duration delay = e.retryAfter().get().compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : e.retryAfter().get();
        String status = e.statusCode() > 0 ? " (HTTP " + e.statusCode() + ")" : "";
        String when = "retrying in " + seconds(delay) + " at " + now.plus(delay).truncatedTo(ChronoUnit.SECONDS);
        return ApplicationFailure.newFailureWithCauseAndDelay(
                "rate limited by the provider" + status + ", " + when + ": " + message, RETRYABLE, null, delay);
    }

    private static String seconds(Duration delay) {
        long millis = delay.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
