package dev.talon.platform.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.talon.api.LlmException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LlmFailuresTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void aRetryAfterBecomesTheNextRetryDelayAndTheMessageSaysWhen() {
        ApplicationFailure failure = LlmFailures.of(
                LlmException.retryable("api answered HTTP 429: slow down", 429, null, Duration.ofSeconds(30)),
                "api answered HTTP 429: slow down", NOW);

        assertThat(failure.getType()).isEqualTo(LlmFailures.RETRYABLE);
        assertThat(failure.isNonRetryable()).isFalse();
        assertThat(failure.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(failure.getOriginalMessage()).isEqualTo("rate limited by the provider (HTTP 429), retrying in 30 s "
                + "at 2026-12-02T10:00:30Z: api answered HTTP 429: slow down");
    }

    @Test
    void aRetryAfterBeyondTheCapIsCut() {
        ApplicationFailure failure = LlmFailures.of(
                LlmException.retryable("busy", 529, null, Duration.ofHours(6)), "busy", NOW);

        assertThat(failure.getNextRetryDelay()).isEqualTo(LlmFailures.MAX_RETRY_AFTER);
        assertThat(failure.getOriginalMessage()).contains("retrying in 300 s at 2026-12-02T10:05:00Z");
    }

    @Test
    void withoutRetryAfterThePolicyDecides() {
        ApplicationFailure failure = LlmFailures.of(LlmException.retryable("busy", 503, null), "busy", NOW);

        assertThat(failure.getType()).isEqualTo(LlmFailures.RETRYABLE);
        assertThat(failure.getNextRetryDelay()).isNull();
        assertThat(failure.getOriginalMessage()).isEqualTo("busy");
    }

    @Test
    void aRejectedCallIsNotRetriedWhateverTheServerSaid() {
        ApplicationFailure failure = LlmFailures.of(
                new LlmException("HTTP 401: bad key", false, 401, null, Duration.ofSeconds(5)), "HTTP 401: bad key", NOW);

        assertThat(failure.getType()).isEqualTo(LlmFailures.REJECTED);
        assertThat(failure.isNonRetryable()).isTrue();
        assertThat(failure.getNextRetryDelay()).isNull();
    }
}
