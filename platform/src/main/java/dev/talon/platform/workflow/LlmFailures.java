package dev.talon.platform.workflow;

/** Failure types of the LlmChat activity, which decide whether Temporal retries it. */
public final class LlmFailures {

    /** Rate limit, 5xx, timeout: Temporal retries with backoff. */
    public static final String RETRYABLE = "LlmCallRetryable";

    /** Bad request, bad key, unknown model, misconfigured tenant: retrying cannot help. */
    public static final String REJECTED = "LlmCallRejected";

    /** The type of the failure a turn ends with when its LLM call is rejected or keeps failing. */
    public static final String TURN_FAILED = "TurnFailed";

    private LlmFailures() {
    }
}
