package dev.talon.api;

/**
 * A model call failed. The platform retries it when {@link #retryable()} is true (rate limits, 5xx,
 * timeouts, broken connections) and fails the turn with this message when it is false (bad request,
 * bad key, unknown model). Never turn a failure into answer text: it would be stored as the reply.
 *
 * <p>The message must not contain secrets: it is recorded in workflow history and shown to users.
 */
public final class LlmException extends Exception {

    private final boolean retryable;
    private final int statusCode;

    public LlmException(String message, boolean retryable, int statusCode, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.statusCode = statusCode;
    }

    /** A failure that may succeed if tried again (429, 5xx, timeout, connection reset). */
    public static LlmException retryable(String message, int statusCode, Throwable cause) {
        return new LlmException(message, true, statusCode, cause);
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
}
