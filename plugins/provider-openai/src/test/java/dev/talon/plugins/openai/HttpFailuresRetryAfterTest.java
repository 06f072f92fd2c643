package dev.talon.plugins.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpFailuresRetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    private static HttpHeaders headers(Map<String, String> values) {
        Map<String, List<String>> lists = new HashMap<>();
        values.forEach((name, value) -> lists.put(name, List.of(value)));
        return HttpHeaders.of(lists, (name, value) -> true);
    }

    @Test
    void secondsAreRead() {
        assertThat(HttpFailures.retryAfter(headers(Map.of("Retry-After", "30")), NOW)).contains(Duration.ofSeconds(30));
    }

    @Test
    void anHttpDateIsTheTimeUntilThen() {
        assertThat(HttpFailures.retryAfter(headers(Map.of("retry-after", "Wed, 02 Dec 2026 10:01:30 GMT")), NOW))
                .contains(Duration.ofSeconds(90));
    }

    @Test
    void aDateInThePastMeansNow() {
        assertThat(HttpFailures.retryAfter(headers(Map.of("Retry-After", "Wed, 02 Dec 2026 09:00:00 GMT")), NOW))
                .contains(Duration.ZERO);
    }

    @Test
    void millisecondsWinOverSeconds() {
        assertThat(HttpFailures.retryAfter(headers(Map.of("retry-after-ms", "250", "Retry-After", "1")), NOW))
                .contains(Duration.ofMillis(250));
    }

    @Test
    void fractionsRoundUp() {
        assertThat(HttpFailures.retryAfter(headers(Map.of("Retry-After", "1.2")), NOW)).contains(Duration.ofSeconds(2));
    }

    @Test
    void garbageNegativeAndMissingAreNotSaid() {
        assertThat(HttpFailures.retryAfter(headers(Map.of("Retry-After", "soon")), NOW)).isEmpty();
        assertThat(HttpFailures.retryAfter(headers(Map.of("Retry-After", "-5")), NOW)).isEmpty();
        assertThat(HttpFailures.retryAfter(headers(Map.of("Retry-After", "NaN")), NOW)).isEmpty();
        assertThat(HttpFailures.retryAfter(headers(Map.of("Retry-After", "1e300")), NOW)).isEmpty();
        assertThat(HttpFailures.retryAfter(headers(Map.of()), NOW)).isEmpty();
    }

    @Test
    void unreadableMillisecondsFallBackToRetryAfter() {
        assertThat(HttpFailures.retryAfter(headers(Map.of("retry-after-ms", "x", "Retry-After", "3")), NOW))
                .contains(Duration.ofSeconds(3));
    }
}
