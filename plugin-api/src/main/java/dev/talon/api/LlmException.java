package dev.talon.api;

import java.time.Duration;
import java.util.Optional;

/**
 * A model call failed. The platform retries it when {@link #retryable()} is true (rate limits, 5xx,
 * timeouts, broken connections) and fails the turn with this message when it is false (bad request,
 * bad key, unknown model). Never turn a failure into answer text: it would be stored as the reply.
 *
 * <p>A retryable failure may carry the server's {@link #retryAfter()} ({@code Retry-After}); the platform then
 * starts the next attempt no earlier than that, within a cap of its own.
 *
 * <p>The message must not contain secrets: it is recorded in workflow history and shown to users.
 */
public final class LlmException extends Exception {

    private final boolean retryable;
    private final int statusCode;
    private final Duration retryAfter;

    public LlmException(String message, boolean retryable, int statusCode, Throwable cause) {
        this(message, retryable, statusCode, cause, null);
    }

    /**
     * @param retryAfter how long the server asked to wait before the next attempt; null when it did not say.
     *                   Ignored (empty) when the failure is not retryable or the duration is negative.
     */
    public LlmException(String message, boolean retryable, int statusCode, Throwable cause, Duration retryAfter) {
        super(message, cause);
        this.retryable = retryable;
        this.statusCode = statusCode;
        this.retryAfter = retryable && retryAfter != null && !retryAfter.isNegative() ? retryAfter : null;
    }

    /** A failure that may succeed if tried again (429, 5xx, timeout, connection reset). */
    public static LlmException retryable(String message, int statusCode, Throwable cause) {
        return new LlmException(message, true, statusCode, cause);
    }

    /** A retryable failure whose server said when to try again (429 or 529 with {@code Retry-After}). */
    public static LlmException retryable(String message, int statusCode, Throwable cause, Duration retryAfter) {
        return new LlmException(message, true, statusCode, cause, retryAfter);
    }

    /** A failure that will fail again (400, 401, 403, 404, a reply that cannot be parsed). */
    public static LlmException permanent(String message, int statusCode) {
        return new LlmException(message, false, statusCode, null);
    }

    public boolean retryable() {
        return retryable;
    }

    /** The HTTP status that caused the failure, or 0 when there was none. */
    public int statusCode() {
        return statusCode;
    }

    /** How long the server asked to wait before trying again; empty when it did not say. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
