package dev.talon.plugins.anthropic;

import com.anthropic.core.http.Headers;
import com.anthropic.errors.AnthropicException;
import com.anthropic.errors.AnthropicInvalidDataException;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.errors.SseException;
import dev.talon.api.Redactor;
import dev.talon.api.LlmException;
import dev.talon.api.RetryAfter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The SDK's exceptions as {@link LlmException}s: whether another attempt can help, what the server said (scrubbed
 * of the key, cut short) and when it asked us to come back. The SDK's messages and causes are not passed on: they
 * may quote request details; ours are built from the status and the API's error type and message.
 */
final class AnthropicFailures {

    private static final int MAX_DETAIL = 300;
    private static final Set<String> STREAMED_RETRYABLE = Set.of("overloaded_error", "api_error", "rate_limit_error",
            "timeout_error");

    private AnthropicFailures() {
    }

    static LlmException from(AnthropicException e, String baseUrl, Redactor redactor) {
        return switch (e) {
            case SseException streamed -> forStreamedError(streamed, baseUrl, redactor);
            case AnthropicServiceException service -> forStatus(service, baseUrl, redactor);
            case AnthropicInvalidDataException invalid -> LlmException.permanent(
                    redactor.scrub("unexpected response from " + baseUrl + ": "
                            + redactor.scrubAndCut(describe(invalid), MAX_DETAIL)), 0);
            // connection refused or reset, timeouts: the SDK's I/O and retryable exceptions
            default -> LlmException.retryable(redactor.scrub("cannot reach " + baseUrl + ": "
                    + redactor.scrubAndCut(describe(e), MAX_DETAIL)), 0, null);
        };
    }

    /** 408, 409, 429, 5xx and Anthropic's 529 (overloaded) pass; 400, 401, 403, 404, 413... fail again. */
    static boolean isRetryable(int status) {
        return status == 408 || status == 409 || status == 429 || status >= 500;
    }

    private static LlmException forStatus(AnthropicServiceException e, String baseUrl, Redactor redactor) {
        int status = e.statusCode();
        String type = e.errorType().map(Object::toString).orElse("");
        String detail = e.apiMessage().filter(message -> !message.isBlank()).orElse("(no message)");
        String message = redactor.scrub(baseUrl + " answered HTTP " + status + (type.isEmpty() ? "" : " " + type)
                + ": " + redactor.scrubAndCut(detail, MAX_DETAIL));
        if (!isRetryable(status)) {
            return LlmException.permanent(message, status);
        }
        return LlmException.retryable(message, status, null, retryAfter(e.headers(), Instant.now()).orElse(null));
    }

    /**
     * An {@code error} event in a stream that had answered 200: its status says nothing, the error type does.
     * Overload, rate limits and server errors pass, as their HTTP statuses would.
     */
    private static LlmException forStreamedError(SseException e, String baseUrl, Redactor redactor) {
        String type = e.errorType().map(Object::toString).orElse("");
        String detail = e.apiMessage().filter(message -> !message.isBlank()).orElse("(no message)");
        String message = redactor.scrub(baseUrl + " failed mid-stream" + (type.isEmpty() ? "" : " with " + type)
                + ": " + redactor.scrubAndCut(detail, MAX_DETAIL));
        return STREAMED_RETRYABLE.contains(type)
                ? LlmException.retryable(message, 0, null)
                : LlmException.permanent(message, 0);
    }

    static Optional<Duration> retryAfter(Headers headers, Instant now) {
        return RetryAfter.parse(first(headers, "retry-after-ms"), first(headers, "retry-after"), now);
    }

    private static String first(Headers headers, String name) {
        List<String> values = headers.values(name);
        return values.isEmpty() ? null : values.getFirst();
    }

    /** The most specific message in the cause chain, e.g. {@code ConnectException: Failed to connect to ...}. */
    private static String describe(Throwable e) {
        String found = e.getClass().getSimpleName();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                found = t.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        return found;
    }
}
