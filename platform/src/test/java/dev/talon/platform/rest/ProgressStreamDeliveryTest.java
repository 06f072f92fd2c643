package dev.talon.platform.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Every stream of a turn or session gets every event once and in order, whether it joined early, late or
 * reconnected with Last-Event-ID (in-memory Temporal; the streams share one history follower).
 */
@HelidonTest
@AddConfig(key = "talon.temporal.target", value = "in-memory")
@AddConfig(key = "talon.data-dir", value = "target/test-data/stream-delivery")
@AddConfig(key = "talon.plugins-dir", value = "target/plugins")
@AddConfig(key = "talon.tenants-file", value = "src/test/resources/tenants-test.yaml")
class ProgressStreamDeliveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    WebTarget target;

    @Test
    void everyStreamOfATurnGetsEveryEventOnceInOrder() throws Exception {
        String turnId = "fan-" + UUID.randomUUID();
        String events = "/v1/tenants/acme/turns/" + turnId + "/events";
        String message = "/call write_file {\"path\":\"fan-" + turnId + ".txt\",\"content\":\"x\"}\n"
                + "/call read_file {\"path\":\"fan-" + turnId + ".txt\"}";
        assertThat(submit(turnId, message)).isEqualTo(202);

        List<List<SseStream.Item>> live = new ArrayList<>();
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<SseStream.Item>>> reads = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Callable<List<SseStream.Item>> read = () -> readAll(events, null);
                reads.add(readers.submit(read));
            }
            for (Future<List<SseStream.Item>> read : reads) {
                live.add(read.get());
            }
        }
        List<SseStream.Item> late = readAll(events, null);

        assertThat(names(late)).containsExactly("llm_started", "llm_finished", "tool_started", "tool_finished",
                "tool_started", "tool_finished", "llm_started", "llm_finished", "completed");
        List<Long> ids = late.stream().map(item -> Long.parseLong(item.id())).toList();
        assertThat(ids).as("history event ids, rising").isSorted().doesNotHaveDuplicates();
        for (List<SseStream.Item> stream : live) {
            assertThat(stream).containsExactlyElementsOf(late);
        }
    }

    @Test
    void aReconnectWithLastEventIdGetsOnlyTheEventsAfterIt() throws Exception {
        String turnId = "resume-" + UUID.randomUUID();
        assertThat(submit(turnId, "/call list_dir {\"path\":\".\"}")).isEqualTo(202);
        List<SseStream.Item> all = readAll("/v1/tenants/acme/turns/" + turnId + "/events", null);
        assertThat(all).hasSizeGreaterThan(3);

        List<SseStream.Item> rest = readAll("/v1/tenants/acme/turns/" + turnId + "/events", all.get(2).id());

        assertThat(rest).containsExactlyElementsOf(all.subList(3, all.size()));
    }

    @Test
    void aLastEventIdThisApiDidNotSendIsRefusedWith400Json() throws Exception {
        String turnId = "bad-id-" + UUID.randomUUID();
        submit(turnId, "/say hi");
        for (String bad : List.of("abc", "-1", "1e3", "99999999999999999999")) {
            try (SseStream stream = SseStream.open(base(), "/v1/tenants/acme/turns/" + turnId + "/events",
                    "acme-key", bad)) {
                assertThat(stream.status()).as(bad).isEqualTo(400);
                assertThat(JSON.readTree(stream.body()).path("error").path("code").asText())
                        .isEqualTo("invalid_last_event_id");
            }
        }
    }

    @Test
    void aSessionStreamFollowsEachTurnAndResumesInsideOne() throws Exception {
        String session = "sse-" + UUID.randomUUID();
        String one = "one-" + UUID.randomUUID();
        String two = "two-" + UUID.randomUUID();
        assertThat(say(session, one, "/say first")).isEqualTo(200);
        assertThat(say(session, two, "/call list_dir {\"path\":\".\"}")).isEqualTo(200);
        String events = "/v1/tenants/acme/sessions/" + session + "/events";

        try (SseStream stream = SseStream.open(base(), events, "acme-key", null)) {
            List<SseStream.Item> seen = until(stream, 2);
            assertThat(names(seen)).containsExactly("turn_started", "llm_started", "llm_finished", "completed",
                    "turn_started", "llm_started", "llm_finished", "tool_started", "tool_finished", "llm_started",
                    "llm_finished", "completed");
            assertThat(seen.getFirst().id()).isEqualTo(one);
            assertThat(seen.get(4).id()).isEqualTo(two);
            assertThat(seen.subList(1, 4)).allSatisfy(item -> assertThat(item.id()).startsWith(one + ":"));
            assertThat(seen.subList(5, seen.size())).allSatisfy(item -> assertThat(item.id()).startsWith(two + ":"));

            // a client that saw up to the first tool call of turn two gets the rest of that turn only
            try (SseStream resumed = SseStream.open(base(), events, "acme-key", seen.get(7).id())) {
                assertThat(until(resumed, 1)).containsExactlyElementsOf(seen.subList(8, seen.size()));
                endSession(session);
                assertThat(resumed.nextEvent().name()).isEqualTo("session_ended");
                assertThat(resumed.nextEvent()).as("the stream ends with the session").isNull();
            }
            assertThat(stream.nextEvent().name()).isEqualTo("session_ended");
            assertThat(stream.nextEvent()).isNull();
        }
    }

    private int submit(String turnId, String message) {
        String body = JSON.createObjectNode().put("session", "delivery").put("turnId", turnId).put("wait", false)
                .put("message", message).toString();
        return target.path("/v1/tenants/acme/turns").request().header("Authorization", "Bearer acme-key")
                .post(Entity.entity(body, MediaType.APPLICATION_JSON)).getStatus();
    }

    private int say(String session, String turnId, String message) {
        String body = JSON.createObjectNode().put("turnId", turnId).put("message", message).toString();
        return target.path("/v1/tenants/acme/sessions/" + session + "/messages").request()
                .header("Authorization", "Bearer acme-key").post(Entity.entity(body, MediaType.APPLICATION_JSON))
                .getStatus();
    }

    private void endSession(String session) {
        assertThat(target.path("/v1/tenants/acme/sessions/" + session).request()
                .header("Authorization", "Bearer acme-key").delete().getStatus()).isEqualTo(202);
    }

    /** All events of a stream that ends by itself (a turn's). */
    private List<SseStream.Item> readAll(String path, String lastEventId) throws IOException {
        try (SseStream stream = SseStream.open(base(), path, "acme-key", lastEventId)) {
            assertThat(stream.status()).isEqualTo(200);
            List<SseStream.Item> items = new ArrayList<>();
            SseStream.Item item;
            while ((item = stream.nextEvent()) != null) {
                items.add(item);
            }
            return items;
        }
    }

    /** Events until the given number of {@code completed} ones. */
    private static List<SseStream.Item> until(SseStream stream, int completed) throws IOException {
        assertThat(stream.status()).isEqualTo(200);
        List<SseStream.Item> items = new ArrayList<>();
        int done = 0;
        while (done < completed) {
            SseStream.Item item = stream.nextEvent();
            assertThat(item).as("the stream ended early; saw " + names(items)).isNotNull();
            items.add(item);
            done += item.name().equals("completed") ? 1 : 0;
        }
        return items;
    }

    private static List<String> names(List<SseStream.Item> items) {
        return items.stream().map(SseStream.Item::name).toList();
    }

    private URI base() {
        return URI.create(target.getUri().toString());
    }
}
