package dev.talon.platform.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Interim messages (the message tool) in the turn stream file: written once per call, read once per id. */
class InterimMessageStreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private TurnLog log() {
        return new TurnLog(new DataLayout(dataDir), JSON);
    }

    private Path file() {
        return new DataLayout(dataDir).turnStream("acme", "t1");
    }

    @Test
    void aRetriedCallWritesItsMessageOnceAndVoidsNoTextOfTheStep() throws Exception {
        try (TurnStreamWriter llm = log().streamWriter("acme", "t1", 1, 1)) {
            llm.text("Let me tell you first.");
        }
        try (TurnStreamWriter first = log().messageWriter("acme", "t1", 1, 1)) {
            first.message("wf/7", "halfway there");
        }
        try (TurnStreamWriter retry = log().messageWriter("acme", "t1", 1, 2)) {
            retry.message("wf/7", "halfway there");
        }

        List<String> lines = Files.readAllLines(file());
        assertThat(lines).hasSize(2);
        assertThat(lines).noneMatch(line -> line.contains("delta_discarded"));
        try (TurnStreamTail tail = TurnStreamTail.of(new DataLayout(dataDir), "acme", "t1")) {
            List<ObjectNode> events = tail.poll();
            assertThat(events).extracting(event -> event.path("type").asText()).containsExactly("text_delta", "message");
            assertThat(events.getLast().path("text").asText()).isEqualTo("halfway there");
            assertThat(events.getLast().path("id").asText()).isEqualTo("wf/7");
        }
    }

    @Test
    void aMessageWrittenTwiceByAttemptsAtOnceIsReadOnceAndAMalformedOneNotAtAll() throws Exception {
        try (TurnStreamWriter first = log().messageWriter("acme", "t1", 2, 1)) {
            first.message("wf/9", "once");
        }
        String again = Files.readAllLines(file()).getFirst().replace("\"attempt\":1", "\"attempt\":2");
        Files.writeString(file(), again + "\n"
                + "{\"type\":\"message\",\"step\":2,\"attempt\":1,\"id\":5,\"text\":\"no id\"}\n"
                + "{\"type\":\"message\",\"step\":2,\"attempt\":1,\"id\":\"wf/10\",\"text\":\"second\",\"extra\":\"x\"}\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        try (TurnStreamTail tail = TurnStreamTail.of(new DataLayout(dataDir), "acme", "t1")) {
            List<ObjectNode> events = tail.poll();
            assertThat(events).extracting(event -> event.path("text").asText()).containsExactly("once", "second");
            assertThat(events.getLast().has("extra")).isFalse(); // known fields only
        }
    }
}
