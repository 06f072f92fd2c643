package dev.talon.api;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads how long a server asked a client to wait, for {@link LlmException#retryAfter()}: {@code retry-after-ms}
 * (milliseconds, sent by OpenAI and Anthropic) wins over {@code Retry-After}, which is whole seconds or an HTTP
 * date. Anything unreadable counts as not said; a date in the past is zero.
 */
public final class RetryAfter {

    private RetryAfter() {
    }

    /**
     * @param retryAfterMs the {@code retry-after-ms} header, or null
     * @param retryAfter   the {@code Retry-After} header, or null
     * @param now          the time a date is measured from
     */
    public static Optional<Duration> parse(String retryAfterMs, String retryAfter, Instant now) {
        Optional<Duration> millis = number(retryAfterMs).map(Duration::ofMillis);
        if (millis.isPresent()) {
            return millis;
        }
        if (retryAfter == null || retryAfter.isBlank()) {
            return Optional.empty();
        }
        Optional<Duration> seconds = number(retryAfter).map(Duration::ofSeconds);
        if (seconds.isPresent()) {
            return seconds;
        }
        try {
            Instant at = ZonedDateTime.parse(retryAfter.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException notADate) {
            return Optional.empty();
        }
    }

    /** A non-negative decimal number, fractions rounded up (a server may send {@code 1.5}). */
    private static Optional<Long> number(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            double parsed = Double.parseDouble(value.strip());
            if (Double.isNaN(parsed) || parsed < 0 || parsed > Integer.MAX_VALUE) {
                return Optional.empty();
            }
            return Optional.of((long) Math.ceil(parsed));
        } catch (NumberFormatException notANumber) {
            return Optional.empty();
        }
    }
}
