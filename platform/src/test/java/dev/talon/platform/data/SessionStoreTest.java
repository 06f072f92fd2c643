package dev.talon.platform.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.talon.api.AssistantMessage;
import dev.talon.api.Message;
import dev.talon.api.ToolCall;
import dev.talon.api.ToolResultMessage;
import dev.talon.api.UserMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionStoreTest {

    @TempDir
    Path dataDir;

    private final ObjectMapper json = new ObjectMapper();

    private SessionStore store() {
        return new SessionStore(new DataLayout(dataDir), json, Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC));
    }

    private static List<Message> toolTurn(String user) {
        ToolCall call = new ToolCall("call_1_1", "write_file",
                JsonNodeFactory.instance.objectNode().put("path", "a.txt").put("content", "hi"));
        return List.of(new UserMessage(user), new AssistantMessage("", List.of(call)),
                new ToolResultMessage("call_1_1", "write_file", "Wrote 2 bytes to a.txt", false),
                AssistantMessage.text("done"));
    }

    @Test
    void writesTheNanobotLayoutMetadataFirstThenOneMessagePerLine() throws Exception {
        store().record("acme", "s1", "t1", toolTurn("write it"));

        List<String> lines = Files.readAllLines(dataDir.resolve("tenants/acme/sessions/s1.jsonl"));
        assertThat(lines).hasSize(5);
        JsonNode metadata = json.readTree(lines.get(0));
        assertThat(metadata.path("_type").asText()).isEqualTo("metadata");
        assertThat(metadata.path("key").asText()).isEqualTo("s1");
        assertThat(metadata.path("created_at").asText()).isEqualTo("2026-11-24T10:00:00Z");
        assertThat(metadata.path("last_consolidated").asInt(-1)).isZero();
        JsonNode user = json.readTree(lines.get(1));
        assertThat(user.path("role").asText()).isEqualTo("user");
        assertThat(user.path("content").asText()).isEqualTo("write it");
        assertThat(user.path("turn_id").asText()).isEqualTo("t1");
        JsonNode call = json.readTree(lines.get(2)).path("tool_calls").get(0);
        assertThat(call.path("type").asText()).isEqualTo("function");
        assertThat(call.path("function").path("arguments").isTextual()).isTrue();
        JsonNode tool = json.readTree(lines.get(3));
        assertThat(tool.path("tool_call_id").asText()).isEqualTo("call_1_1");
    }

    @Test
    void recordingTheSameTurnTwiceStoresItOnce() {
        SessionStore store = store();
        assertThat(store.record("acme", "s1", "t1", toolTurn("once"))).isTrue();
        assertThat(store.record("acme", "s1", "t1", toolTurn("once"))).isFalse();

        assertThat(store.messages("acme", "s1")).hasSize(4);
    }

    @Test
    void historyRoundTripsMessagesAndStartsAtAUserMessage() {
        SessionStore store = store();
        store.record("acme", "s1", "t1", toolTurn("first"));
        store.record("acme", "s1", "t2", List.of(new UserMessage("second"), AssistantMessage.text("ok")));

        assertThat(store.history("acme", "s1", 100)).isEqualTo(concat(toolTurn("first"),
                List.of(new UserMessage("second"), AssistantMessage.text("ok"))));
        // a window of 3 would start at the tool result; it moves forward to the next user message
        assertThat(store.history("acme", "s1", 3)).containsExactly(new UserMessage("second"), AssistantMessage.text("ok"));
    }

    @Test
    void concurrentTurnsOfOneSessionAreAllKept() throws Exception {
        SessionStore store = store();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Boolean>> writes = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String turn = "t" + i;
            writes.add(pool.submit(() -> store.record("acme", "busy", turn,
                    List.of(new UserMessage(turn), AssistantMessage.text("ok " + turn)))));
        }
        for (Future<Boolean> write : writes) {
            assertThat(write.get()).isTrue();
        }
        pool.shutdown();

        assertThat(store.messages("acme", "busy")).hasSize(80);
    }

    private static List<Message> concat(List<Message> a, List<Message> b) {
        List<Message> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void historyStartsAfterLastConsolidatedAndAHandEditedValueIsKeptInRange() {
        SessionStore store = store();
        store.record("acme", "s1", "t1", List.of(new UserMessage("old"), AssistantMessage.text("a1")));
        store.record("acme", "s1", "t2", List.of(new UserMessage("new"), AssistantMessage.text("a2")));
        assertThat(store.unconsolidated("acme", "s1")).isEqualTo(4);

        assertThat(store.updateMetadata("acme", "s1", (metadata, count) -> {
            metadata.put("last_consolidated", 2);
            return true;
        })).isTrue();

        assertThat(store.history("acme", "s1", 100)).containsExactly(new UserMessage("new"), AssistantMessage.text("a2"));
        assertThat(store.unconsolidated("acme", "s1")).isEqualTo(2);
        store.updateMetadata("acme", "s1", (metadata, count) -> {
            metadata.put("last_consolidated", 99);
            return true;
        });
        assertThat(store.history("acme", "s1", 100)).isEmpty();
        assertThat(store.unconsolidated("acme", "s1")).isZero();
        assertThat(store.messages("acme", "s1")).hasSize(4); // nothing is deleted
    }

    @Test
    void metadataChangesLeaveTheMessagesAndRefuseASessionWithoutMetadata() throws Exception {
        SessionStore store = store();
        assertThat(store.updateMetadata("acme", "none", (metadata, count) -> true)).isFalse();
        Path file = Files.createDirectories(dataDir.resolve("tenants/acme/sessions")).resolve("bare.jsonl");
        Files.writeString(file, "{\"role\":\"user\",\"content\":\"hi\"}\n");

        assertThat(store.updateMetadata("acme", "bare", (metadata, count) -> true)).isFalse();
        assertThat(store.metadata("acme", "bare")).isEmpty();
        assertThat(file).hasContent("{\"role\":\"user\",\"content\":\"hi\"}");
    }
}
