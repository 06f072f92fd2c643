package dev.talon.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * /metrics of a REST-only process and of a worker-only process (on its health port), on the real Temporal dev
 * server with the scripted LLM: each shows Temporal's SDK metrics and Talon's meters for what it does, without a
 * key and without a key's or a message's text; approvals waiting are the requested minus the resolved.
 */
class MetricsIT {

    private static final int WORKER_HEALTH_PORT = Ports.free();

    @RegisterExtension
    static final LocalClusterExtension LOCAL = LocalClusterExtension.named("metrics").withWorkers(1)
            .withJvmFlags("-Dtalon.worker.health-port=" + WORKER_HEALTH_PORT, "-Dtalon.worker.health-host=127.0.0.1",
                    "-Dtalon.metrics.temporal-report-seconds=0.5");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theWorkerOnlyProcessServesSdkMetricsAndTurnToolAndTokenMetersOnItsHealthPort() throws Exception {
        String marker = "secret-text-" + UUID.randomUUID();
        TurnReply reply = LOCAL.cluster().turns().submit("metrics-" + UUID.randomUUID(),
                "/call write_file {\"path\":\"metrics.txt\",\"content\":\"" + marker + "\"}", turnId(), true, 60);
        assertThat(reply.status()).as(reply.body().toString()).isEqualTo("completed");

        String worker = awaitMetrics(workerMetrics(), text -> value(text, "talon_turns_total",
                "tenant=\"" + LocalCluster.TENANT + "\"", "status=\"completed\"") >= 1
                && text.contains("temporal_workflow_completed_total{"));

        assertThat(worker).contains("temporal_request_total{", "temporal_activity_execution_latency_seconds",
                "jvm_memory_used_bytes");
        assertThat(value(worker, "talon_llm_tokens_total", "tenant=\"chaos\"", "model=\"scripted\"", "type=\"input\""))
                .isPositive();
        assertThat(value(worker, "talon_tool_duration_seconds_count", "tenant=\"chaos\"", "tool=\"write_file\"",
                "outcome=\"ok\"")).isPositive();
        assertThat(worker).doesNotContain(marker, LocalCluster.API_KEY);
        assertNoMeterRefused();
    }

    @Test
    void theRestOnlyProcessServesItsClientsSdkMetricsAndUsageWithoutAKey() throws Exception {
        TurnReply reply = LOCAL.cluster().turns().submit("metrics-" + UUID.randomUUID(), "/say counted", turnId(), true, 60);
        assertThat(reply.status()).isEqualTo("completed");

        URI rest = URI.create("http://127.0.0.1:" + LOCAL.cluster().server().orElseThrow().port() + "/metrics");
        String metrics = awaitMetrics(rest, text -> text.contains("temporal_request_total{")
                && value(text, "talon_usage_input_tokens", "tenant=\"chaos\"") > 0);

        assertThat(metrics).contains("talon_sse_streams");
        assertThat(metrics).doesNotContain("talon_turns_total{", LocalCluster.API_KEY); // no workers here
        assertNoMeterRefused();
    }

    /**
     * Temporal reports some metrics under one name with different tag keys; a registry that refused one would
     * (in Helidon's case) throw inside the gRPC call that reported it. Every process's log must be free of that.
     */
    private static void assertNoMeterRefused() throws Exception {
        try (var logs = java.nio.file.Files.list(LOCAL.cluster().logsDir())) {
            for (java.nio.file.Path log : logs.toList()) {
                assertThat(java.nio.file.Files.readString(log)).as(log.toString())
                        .doesNotContain("incompatible with previously-registered", "same set of tag keys");
            }
        }
    }

    @Test
    void approvalsWaitingAreRequestedMinusResolved() throws Exception {
        TurnClient control = new TurnClient(LOCAL.cluster().turns().base(), LocalCluster.CONTROL_TENANT,
                LocalCluster.CONTROL_KEY);
        String turnId = "t-approval-" + UUID.randomUUID().toString().substring(0, 8);
        TurnReply started = control.submit("approvals-" + UUID.randomUUID(),
                "/call write_file {\"path\":\"approved.txt\",\"content\":\"x\"}", turnId, false, 60);
        assertThat(started.httpStatus()).as(started.body().toString()).isEqualTo(202);
        String tenant = "tenant=\"" + LocalCluster.CONTROL_TENANT + "\"";

        String waiting = awaitMetrics(workerMetrics(), text -> value(text, "talon_approvals_requested_total", tenant) >= 1);
        assertThat(value(waiting, "talon_approvals_resolved_total", tenant)).isZero();

        JsonNode pending = null;
        for (int i = 0; i < 300 && (pending == null || pending.isEmpty()); i++) {
            pending = control.get(turnId).body().path("pendingApprovals");
            Thread.sleep(100);
        }
        assertThat(pending).isNotEmpty();
        HttpResponse<String> approve = http.send(HttpRequest.newBuilder(URI.create(control.base() + "/v1/tenants/"
                        + LocalCluster.CONTROL_TENANT + "/turns/" + turnId + "/approvals/"
                        + pending.get(0).path("approvalId").asText()))
                .header("Authorization", "Bearer " + LocalCluster.CONTROL_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"decision\":\"approve\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(approve.statusCode()).as(approve.body()).isEqualTo(202);

        String decided = awaitMetrics(workerMetrics(), text -> value(text, "talon_approvals_resolved_total", tenant,
                "outcome=\"decided\"") >= 1);
        assertThat(value(decided, "talon_approvals_requested_total", tenant)
                - value(decided, "talon_approvals_resolved_total", tenant)).isZero();
    }

    private static String turnId() {
        return "t-metrics-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static URI workerMetrics() {
        return URI.create("http://127.0.0.1:" + WORKER_HEALTH_PORT + "/metrics");
    }

    /** Scrapes until the text passes {@code done} (60 s at most); no key is sent, and none is needed. */
    private String awaitMetrics(URI uri, Predicate<String> done) throws Exception {
        String text = "";
        for (int i = 0; i < 600; i++) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).header("Accept", "text/plain")
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("GET " + uri).isEqualTo(200);
            text = response.body();
            if (done.test(text)) {
                return text;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(uri + " never showed it:\n" + text.lines().filter(l -> l.startsWith("talon_")).toList());
    }

    /** The sum of the samples of {@code name} whose labels contain every one of {@code labels}. */
    private static double value(String metrics, String name, String... labels) {
        return metrics.lines().filter(line -> line.startsWith(name + "{"))
                .filter(line -> List.of(labels).stream().allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
