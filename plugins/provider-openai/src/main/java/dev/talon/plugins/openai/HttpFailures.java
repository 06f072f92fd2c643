package dev.talon.plugins.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.api.LlmException;
import dev.talon.api.Redactor;
import dev.talon.api.RetryAfter;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides whether a failed call is worth retrying and says what went wrong, without the API key and without
 * request headers. Retrying is Temporal's job: this only classifies.
 */
final class HttpFailures {

    private static final int MAX_DETAIL = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpFailures() {
    }

    /**
     * A non-2xx answer. Timeouts (408), conflicts (409), rate limits (429) and server errors (5xx) pass;
     * anything else (bad request, bad key, unknown model, a redirect we do not follow) fails again. A retryable
     * answer carries the server's {@code retry-after-ms} / {@code Retry-After}, so the platform waits that long.
     */
    static LlmException forStatus(String baseUrl, int status, HttpHeaders headers, String body, Redactor redactor) {
        String message = redactor.scrub(baseUrl + " answered HTTP " + status + ": "
                + redactor.scrubAndCut(errorDetail(body), MAX_DETAIL));
        return isRetryable(status)
                ? LlmException.retryable(message, status, null, retryAfter(headers, Instant.now()).orElse(null))
                : LlmException.permanent(message, status);
    }

    /** What the server asked us to wait, from {@code retry-after-ms} or {@code Retry-After}. */
    static Optional<Duration> retryAfter(HttpHeaders headers, Instant now) {
        return RetryAfter.parse(headers.firstValue("retry-after-ms").orElse(null),
                headers.firstValue("retry-after").orElse(null), now);
    }

    static boolean isRetryable(int status) {
        return status == 408 || status == 409 || status == 429 || (status >= 500 && status <= 599);
    }

    /** The endpoint could not be reached or did not answer in time: always worth another try. */
    static LlmException forIo(String baseUrl, Duration timeout, IOException e, Redactor redactor) {
        String message = switch (e) {
            case HttpConnectTimeoutException c -> "cannot reach " + baseUrl + ": connection timed out after "
                    + format(timeout);
            case HttpTimeoutException t -> baseUrl + " did not answer: timed out after " + format(timeout);
            default -> "cannot reach " + baseUrl + ": " + describe(e);
        };
        return LlmException.retryable(redactor.scrub(message), 0, safeCause(e, redactor));
    }

    /**
     * What the server said went wrong: OpenAI and vLLM send {@code {"error": {"message": ...}}}, Ollama and
     * some proxies {@code {"error": "..."}}; anything else is shown as the raw body.
     */
    static String errorDetail(String body) {
        if (body == null || body.isBlank()) {
            return "(empty body)";
        }
        try {
            JsonNode root = JSON.readTree(body);
            JsonNode error = root == null ? null : root.path("error");
            if (error != null && error.isTextual()) {
                return error.asText();
            }
            if (error != null && error.path("message").isTextual()) {
                return error.path("message").asText();
            }
            if (root != null && root.path("message").isTextual()) {
                return root.path("message").asText();
            }
        } catch (JsonProcessingException notJson) {
            // an HTML error page from a proxy, for instance: fall through to the raw text
        }
        return body.strip().replaceAll("\\s+", " ");
    }

    /** The most specific message in the cause chain, e.g. {@code ConnectException: Connection refused}. */
    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        // the JDK client reports a refused connection as a ConnectException without any message
        return e instanceof ConnectException ? "connection failed (ConnectException)" : e.getClass().getSimpleName();
    }

    static String format(Duration timeout) {
        long millis = timeout.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    /**
     * The cause to attach to an exception: the original when no message in its chain mentions the key, otherwise
     * a stand-in with the scrubbed description and the original stack trace, since causes are recorded along with
     * the exception.
     */
    static Throwable safeCause(Throwable cause, Redactor redactor) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (redactor.leaksInto(t.toString())) {
                IOException standIn = new IOException(redactor.scrub(describe(cause)));
                standIn.setStackTrace(cause.getStackTrace());
                return standIn;
            }
        }
        return cause;
    }
}
