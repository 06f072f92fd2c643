package dev.talon.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import dev.talon.platform.client.TurnIds;
import dev.talon.platform.tenant.ApiKeys;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Streamed LLM text across processes on the real Temporal dev server: the worker's LlmChat streams from a slow
 * OpenAI-compatible server into the turn's stream file, the REST-only server (another process) tails it into
 * the SSE streams, and workflow history holds only the final message.
 */
class StreamingIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TENANT = "streamer";
    private static final String KEY = "streamer-key";
    private static final List<String> DELTAS = List.of("Tokens ", "arrive ", "one ", "by ", "one, ", "never ",
            "through ", "history.");

    // started before the cluster: the tenant's provider URL names its port
    private static final SlowStreamingLlm LLM = SlowStreamingLlm.start(DELTAS, Duration.ofMillis(300));

    @RegisterExtension
    static final LocalClusterExtension LOCAL = LocalClusterExtension.named("streaming").withTenants("""
              %s:
                apiKeys: [%s]
                namespace: %s
                taskQueue: talon-streaming
                plugins: [provider-openai]
                provider: {plugin: provider-openai, model: slow-stub, baseUrl: %s, timeoutSeconds: 30}
            """.formatted(TENANT, JSON.valueToTree(ApiKeys.hash(KEY)).toString(), LocalCluster.NAMESPACE,
            JSON.valueToTree(LLM.baseUrl()).toString()));

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterAll
    static void stopTheLlm() {
        LLM.close();
    }

    @Test
    void aTurnStreamShowsTextDeltasBeforeTheCallEndsAndHistoryHoldsOnlyTheFinalMessage() throws Exception {
        String body = JSON.createObjectNode().put("session", "watch").put("message", "stream please")
                .put("wait", false).toString();
        HttpResponse<String> accepted = http.send(request("/turns").POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String turnId = JSON.readTree(accepted.body()).path("turnId").asText();

        List<Event> events;
        try (BufferedReader stream = events("/turns/" + turnId + "/events")) {
            events = readUntil(stream, "completed");
        }

        List<String> types = events.stream().map(Event::type).toList();
        Chaos.log("turn " + turnId + " events " + types);
        List<Event> deltas = events.stream().filter(e -> e.type().equals("text_delta")).toList();
        assertThat(deltas).isNotEmpty();
        assertThat(deltas).allSatisfy(d -> {
            assertThat(d.data().path("step").asInt()).isEqualTo(1);
            assertThat(d.data().path("attempt").asInt()).isEqualTo(1);
            assertThat(d.data().path("turnId").asText()).isEqualTo(turnId);
        });
        // the deltas come while the LLM call runs, from the file, not after it from history
        assertThat(types.indexOf("text_delta")).isLessThan(types.indexOf("llm_finished"));
        assertThat(types.lastIndexOf("text_delta")).isLessThan(types.indexOf("completed"));
        assertThat(deltas.stream().map(d -> d.data().path("text").asText()).reduce("", String::concat))
                .isEqualTo(LLM.answer());
        assertThat(events.getLast().data().path("reply").asText()).isEqualTo(LLM.answer());

        List<String> history = historyEvents(TurnIds.workflowId(TENANT, turnId));
        String partial = String.join("", DELTAS.subList(0, 3));
        long withPartial = history.stream().filter(e -> e.contains(partial)).count();
        long withAnswer = history.stream().filter(e -> e.contains(LLM.answer())).count();
        assertThat(withAnswer).as("the final message is in history").isPositive();
        assertThat(withPartial).as("no partial text outside the final message").isEqualTo(withAnswer);
        assertThat(history).noneMatch(e -> e.contains("text_delta"));
        assertThat(LOCAL.cluster().dataDir().resolve("tenants").resolve(TENANT).resolve("turns").resolve(turnId))
                .as("the stream file goes once the turn is recorded").doesNotExist();
    }

    @Test
    void aCallCutMidStreamIsRetriedAndItsPartialTextMarkedDiscarded() throws Exception {
        LLM.cutNextCallAfter(3);
        String body = JSON.createObjectNode().put("session", "retry").put("message", "stream, fail, stream")
                .put("wait", false).toString();
        HttpResponse<String> accepted = http.send(request("/turns").POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String turnId = JSON.readTree(accepted.body()).path("turnId").asText();

        List<Event> events;
        try (BufferedReader stream = events("/turns/" + turnId + "/events")) {
            events = readUntil(stream, "completed");
        }

        List<String> types = events.stream().map(Event::type).toList();
        Chaos.log("turn " + turnId + " events " + types);
        int discarded = types.indexOf("delta_discarded");
        assertThat(discarded).as("a delta_discarded event").isPositive();
        Event discard = events.get(discarded);
        assertThat(discard.data().path("step").asInt()).isEqualTo(1);
        assertThat(discard.data().path("attempt").asInt()).isEqualTo(1);
        List<Event> before = events.subList(0, discarded).stream().filter(e -> e.type().equals("text_delta")).toList();
        List<Event> after = events.subList(discarded, events.size()).stream()
                .filter(e -> e.type().equals("text_delta")).toList();
        assertThat(before).hasSize(3).allSatisfy(d -> assertThat(d.data().path("attempt").asInt()).isEqualTo(1));
        assertThat(after).allSatisfy(d -> assertThat(d.data().path("attempt").asInt()).isEqualTo(2));
        assertThat(after.stream().map(d -> d.data().path("text").asText()).reduce("", String::concat))
                .isEqualTo(LLM.answer());
        assertThat(events.getLast().data().path("reply").asText()).isEqualTo(LLM.answer());
    }

    @Test
    void aSessionStreamShowsTheRunningTurnsTextDeltas() throws Exception {
        String session = "s-" + UUID.randomUUID().toString().substring(0, 8);
        String body = JSON.createObjectNode().put("message", "stream in a session").toString();
        CompletableFuture<HttpResponse<String>> reply = http.sendAsync(request("/sessions/" + session + "/messages")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

        List<Event> events;
        try (BufferedReader stream = sessionEvents(session)) {
            events = readUntil(stream, "completed");
        }

        assertThat(reply.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        List<String> types = events.stream().map(Event::type).toList();
        Chaos.log("session " + session + " events " + types);
        assertThat(types).contains("text_delta");
        assertThat(types.indexOf("text_delta")).isLessThan(types.indexOf("completed"));
        String turnId = events.getLast().data().path("turnId").asText();
        assertThat(events.stream().filter(e -> e.type().equals("text_delta")))
                .allSatisfy(d -> assertThat(d.data().path("turnId").asText()).isEqualTo(turnId));
    }

    /** Each history event as raw bytes: payloads are the JSON the SDK wrote, so text shows as it is. */
    private static List<String> historyEvents(String workflowId) {
        WorkflowExecution execution = WorkflowExecution.newBuilder().setWorkflowId(workflowId).build();
        List<String> events = new ArrayList<>();
        ByteString token = ByteString.EMPTY;
        do {
            GetWorkflowExecutionHistoryResponse page = LOCAL.cluster().temporalService().blockingStub()
                    .withDeadlineAfter(30, TimeUnit.SECONDS).getWorkflowExecutionHistory(
                            GetWorkflowExecutionHistoryRequest.newBuilder().setNamespace(LocalCluster.NAMESPACE)
                                    .setExecution(execution).setNextPageToken(token).build());
            for (HistoryEvent event : page.getHistory().getEventsList()) {
                events.add(event.toByteString().toString(StandardCharsets.UTF_8));
            }
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        return events;
    }

    private BufferedReader sessionEvents(String session) throws Exception {
        // the session workflow starts with the first message: wait for it to exist
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            HttpResponse<InputStream> stream = http.send(request("/sessions/" + session + "/events")
                    .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            if (stream.statusCode() == 200) {
                return new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
            }
            stream.body().close();
            assertThat(stream.statusCode()).isEqualTo(404);
            assertThat(System.nanoTime() - end).as("the session workflow never started").isNegative();
            Thread.sleep(50);
        }
    }

    private BufferedReader events(String path) throws Exception {
        HttpResponse<InputStream> stream = http.send(request(path).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        return new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
    }

    private HttpRequest.Builder request(String path) {
        URI api = URI.create("http://127.0.0.1:" + LOCAL.cluster().server().orElseThrow().port());
        return HttpRequest.newBuilder(api.resolve("/v1/tenants/" + TENANT + path))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60));
    }

    record Event(String type, JsonNode data) {
    }

    private static List<Event> readUntil(BufferedReader stream, String wanted) throws Exception {
        List<Event> events = new ArrayList<>();
        String type = null;
        String line;
        while ((line = stream.readLine()) != null) {
            if (line.startsWith("event:")) {
                type = line.substring(6).strip();
            } else if (line.startsWith("data:") && type != null) {
                events.add(new Event(type, JSON.readTree(line.substring(5).strip())));
                if (type.equals(wanted)) {
                    return events;
                }
                type = null;
            }
        }
        throw new AssertionError("the stream ended before " + wanted + "; saw " + events.stream().map(Event::type).toList());
    }
}
