package dev.talon.platform.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class WorkerHealthTest {

    private final HttpClient http = HttpClient.newHttpClient();

    private int status(WorkerHealth health, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + health.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void liveAlwaysAndReadyOnlyWhileTheCheckHolds() throws Exception {
        AtomicBoolean temporalUp = new AtomicBoolean(false);
        try (WorkerHealth health = WorkerHealth.start("127.0.0.1", 0, temporalUp::get)) {
            assertThat(status(health, "/health/live")).isEqualTo(200);
            assertThat(status(health, "/health/ready")).isEqualTo(503);

            temporalUp.set(true);

            assertThat(status(health, "/health/ready")).isEqualTo(200);
        }
    }

    @Test
    void metricsAreServedAsPrometheusTextOnlyWhenGivenAndOnlyForGet() throws Exception {
        try (WorkerHealth health = WorkerHealth.start("127.0.0.1", 0, () -> true, () -> "talon_turns_total 1.0\n")) {
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + health.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).startsWith("text/plain"));
            assertThat(metrics.body()).isEqualTo("talon_turns_total 1.0\n");
            assertThat(status(health, "/metrics/other")).isEqualTo(404);
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + health.port() + "/metrics"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(405);
        }
        try (WorkerHealth health = WorkerHealth.start("127.0.0.1", 0, () -> true)) {
            assertThat(status(health, "/metrics")).isEqualTo(404);
        }
        try (WorkerHealth health = WorkerHealth.start("127.0.0.1", 0, () -> true, () -> {
            throw new IllegalStateException("a broken meter");
        })) {
            assertThat(status(health, "/metrics")).isEqualTo(500);
            assertThat(status(health, "/health/live")).isEqualTo(200);
        }
    }
}
