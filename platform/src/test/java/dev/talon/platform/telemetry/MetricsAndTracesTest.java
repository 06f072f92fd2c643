package dev.talon.platform.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Metrics and traces of a REST server that runs workers too, with the scripted LLM, real plugins, in-memory
 * Temporal and an OTLP/HTTP receiver on 127.0.0.1 that the standard OTel settings point at: one trace per turn
 * from the POST through the workflow to every LLM and tool call, GenAI attributes and no prompt text; /metrics
 * (no key) with Temporal's SDK metrics and Talon's meters by tenant, model and tool, tool labels bounded.
 */
@ExtendWith(TracesToReceiver.class)
@HelidonTest
@AddConfig(key = "talon.temporal.target", value = "in-memory")
@AddConfig(key = "talon.data-dir", value = "target/test-data/telemetry")
@AddConfig(key = "talon.plugins-dir", value = "target/plugins")
@AddConfig(key = "talon.tenants-file", value = "src/test/resources/tenants-telemetry-test.yaml")
@AddConfig(key = "talon.admin.key", value = "test-admin-key")
@AddConfig(key = "talon.metrics.temporal-report-seconds", value = "0.2")
@AddConfig(key = "talon.metrics.enabled", value = "true")
class MetricsAndTracesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "Bearer observed-key";

    @Inject
    private WebTarget target;

    private Response turn(String message) {
        String body = JSON.createObjectNode().put("session", "s-" + UUID.randomUUID()).put("message", message)
                .toString();
        return target.path("/v1/tenants/observed/turns").request().header("Authorization", KEY)
                .post(Entity.entity(body, MediaType.APPLICATION_JSON));
    }

    @Test
    void aTurnIsOneTraceFromThePostThroughTheWorkflowToEveryLlmAndToolCallWithoutItsText() throws Exception {
        String marker = "prompt-text-" + UUID.randomUUID();
        String file = "file-" + UUID.randomUUID() + ".txt";
        try (Response response = turn("/call write_file {\"path\":\"" + file + "\",\"content\":\"" + marker + "\"}")) {
            assertThat(response.getStatus()).as(response.readEntity(String.class)).isEqualTo(200);
        }

        OtlpReceiver receiver = TracesToReceiver.receiver();
        List<ReceivedSpan> all = receiver.await(spans -> {
            String trace = postTrace(spans);
            return trace != null && spans.stream().filter(s -> s.traceId().equals(trace)).map(ReceivedSpan::name)
                    .filter(name -> name.equals("chat scripted") || name.equals("execute_tool write_file")).count() >= 3;
        });
        String trace = postTrace(all);
        List<ReceivedSpan> turn = all.stream().filter(s -> s.traceId().equals(trace)).toList();
        Map<String, ReceivedSpan> byId = turn.stream().collect(Collectors.toMap(ReceivedSpan::spanId, s -> s, (a, b) -> a));

        // REST request → StartWorkflow → RunWorkflow → StartActivity → RunActivity → the GenAI spans, one trace
        ReceivedSpan post = turn.stream().filter(isPost()).findFirst().orElseThrow();
        assertThat(post.kind()).isEqualTo(2);
        ReceivedSpan start = named(turn, "StartWorkflow:AgentTurn").getFirst();
        assertThat(start.parentSpanId()).isEqualTo(post.spanId());
        assertThat(named(turn, "RunWorkflow:AgentTurn")).isNotEmpty();
        List<ReceivedSpan> chats = named(turn, "chat scripted");
        List<ReceivedSpan> tools = named(turn, "execute_tool write_file");
        assertThat(chats).hasSize(2); // the call, then the answer after the tool's result
        assertThat(tools).hasSize(1);
        for (ReceivedSpan chat : chats) {
            assertThat(chat.kind()).isEqualTo(3);
            assertThat(chat.attributes()).containsEntry("gen_ai.operation.name", "chat")
                    .containsEntry("gen_ai.request.model", "scripted").containsEntry("gen_ai.provider.name", "scripted")
                    .containsEntry("gen_ai.system", "scripted").containsEntry("talon.tenant", "observed")
                    .containsKeys("gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens");
            assertThat((Long) chat.attribute("gen_ai.usage.input_tokens")).isPositive();
            assertThat(byId.get(chat.parentSpanId()).name()).isEqualTo("RunActivity:LlmChat");
        }
        assertThat(tools.getFirst().attributes()).containsEntry("gen_ai.operation.name", "execute_tool")
                .containsEntry("gen_ai.tool.name", "write_file").containsEntry("talon.outcome", "ok");
        assertThat(byId.get(tools.getFirst().parentSpanId()).name()).isEqualTo("RunActivity:ExecuteTool");

        // no message text, tool argument or key in any span, attribute or request body that left the process
        assertThat(receiver.rawRequests()).isNotEmpty().noneMatch(raw -> raw.contains(marker) || raw.contains(file)
                || raw.contains("observed-key"));
    }

    @Test
    void metricsNeedNoKeyAndShowTemporalsMetricsAndTalonsMetersByTenantModelAndOfferedTool() throws Exception {
        try (Response response = turn("/call write_file {\"path\":\"m.txt\",\"content\":\"x\"}\n"
                + "/call made_up_tool_" + UUID.randomUUID().toString().substring(0, 8) + " {}")) {
            assertThat(response.getStatus()).isEqualTo(200);
        }
        try (Response response = turn("/fail the provider refuses")) {
            assertThat(response.getStatus()).isEqualTo(502);
        }

        String metrics = awaitMetrics(text -> value(text, "talon_turns_total", "tenant=\"observed\"",
                "status=\"completed\"") > 0 && value(text, "talon_turns_total", "tenant=\"observed\"",
                "status=\"failed\"") > 0 && text.contains("temporal_workflow_completed_total{"));

        assertThat(metrics).contains("temporal_request_total{", "temporal_workflow_task_execution_latency_seconds",
                "temporal_activity_execution_latency_seconds");
        assertThat(value(metrics, "talon_llm_tokens_total", "tenant=\"observed\"", "model=\"scripted\"",
                "type=\"input\"")).isPositive();
        assertThat(value(metrics, "talon_llm_tokens_total", "tenant=\"observed\"", "type=\"output\"")).isPositive();
        assertThat(value(metrics, "talon_llm_duration_seconds_count", "tenant=\"observed\"", "outcome=\"ok\""))
                .isGreaterThanOrEqualTo(2);
        assertThat(value(metrics, "talon_llm_duration_seconds_count", "tenant=\"observed\"", "outcome=\"rejected\""))
                .isPositive();
        assertThat(value(metrics, "talon_tool_duration_seconds_count", "tenant=\"observed\"", "tool=\"write_file\"",
                "outcome=\"ok\"")).isPositive();
        // a tool the tenant is not offered counts under "other": the LLM cannot mint label values
        assertThat(value(metrics, "talon_tool_duration_seconds_count", "tenant=\"observed\"", "tool=\"other\"",
                "outcome=\"error\"")).isPositive();
        assertThat(metrics).doesNotContain("made_up_tool_", "observed-key", "m.txt");
    }

    private String awaitMetrics(Predicate<String> done) throws InterruptedException {
        String text = "";
        for (int i = 0; i < 300; i++) {
            try (Response response = target.path("/metrics").request().header("Accept", "text/plain").get()) {
                assertThat(response.getStatus()).isEqualTo(200);
                text = response.readEntity(String.class);
            }
            if (done.test(text)) {
                return text;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("/metrics never showed the turn:\n" + text.lines()
                .filter(l -> l.startsWith("talon_") || l.startsWith("temporal_workflow")).toList());
    }

    /** The sum of the samples of {@code name} whose labels contain every one of {@code labels}. */
    static double value(String metrics, String name, String... labels) {
        return metrics.lines().filter(line -> line.startsWith(name + "{"))
                .filter(line -> List.of(labels).stream().allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static Predicate<ReceivedSpan> isPost() {
        return s -> s.name().equals("POST") && "/v1/tenants/observed/turns".equals(s.attribute("url.path"))
                && s.attributes().containsKey("http.response.status_code");
    }

    /** The trace of the latest POST of a turn that reached the workflow. */
    private static String postTrace(List<ReceivedSpan> spans) {
        List<String> posts = spans.stream().filter(isPost()).map(ReceivedSpan::traceId).toList();
        return posts.stream().filter(trace -> spans.stream().anyMatch(s -> s.traceId().equals(trace)
                && s.name().equals("execute_tool write_file"))).reduce((a, b) -> b).orElse(null);
    }

    private static List<ReceivedSpan> named(List<ReceivedSpan> spans, String name) {
        return spans.stream().filter(s -> s.name().equals(name)).toList();
    }
}
