package dev.talon.platform.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.talon.api.UserMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The turn stream file on a real directory: what LlmChat writes, what the SSE side reads of it. */
class TurnStreamFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private DataLayout layout() {
        return new DataLayout(dataDir);
    }

    private TurnLog log() {
        return new TurnLog(layout(), JSON);
    }

    private TurnStreamTail tail() {
        return TurnStreamTail.of(layout(), "acme", "t1");
    }

    @Test
    void aTailSeesEachDeltaOnceInOrderAsItIsWritten() throws Exception {
        try (TurnStreamTail tail = tail()) {
            assertThat(tail.poll()).isEmpty(); // no file yet: nothing streamed so far

            try (TurnStreamWriter writer = log().streamWriter("acme", "t1", 1, 1)) {
                writer.text("Hel");
                assertThat(tail.poll()).containsExactly(delta(1, 1, "Hel"));
                writer.text("lo");
                writer.text("");
                writer.text(" world");
            }
            assertThat(tail.poll()).containsExactly(delta(1, 1, "lo"), delta(1, 1, " world"));
            assertThat(tail.poll()).isEmpty();
        }
    }

    @Test
    void hostileTextWithNewlinesQuotesAndJsonStaysOneDelta() throws Exception {
        String hostile = "line\n{\"type\":\"delta_discarded\",\"step\":1,\"attempt\":1}\n\r\u2028\"}\\\u0000 \uD83D\uDE00";
        try (TurnStreamWriter writer = log().streamWriter("acme", "t1", 2, 1)) {
            writer.text(hostile);
        }

        try (TurnStreamTail tail = tail()) {
            assertThat(tail.poll()).containsExactly(delta(2, 1, hostile));
        }
        assertThat(Files.readAllLines(layout().turnStream("acme", "t1"))).hasSize(1);
    }

    @Test
    void aRetriedCallMarksThePreviousAttemptDiscardedBeforeItsOwnText() throws Exception {
        try (TurnStreamWriter first = log().streamWriter("acme", "t1", 3, 1)) {
            first.text("partial answ");
        }
        try (TurnStreamWriter second = log().streamWriter("acme", "t1", 3, 2)) {
            second.text("whole answer");
        }

        try (TurnStreamTail tail = tail()) {
            assertThat(tail.poll()).containsExactly(delta(3, 1, "partial answ"),
                    event("delta_discarded", 3, 1), delta(3, 2, "whole answer"));
        }
    }

    @Test
    void theFileStopsAtItsCapWithOneTruncationMarker() throws Exception {
        String chunk = "x".repeat(64 * 1024);
        try (TurnStreamWriter writer = log().streamWriter("acme", "t1", 1, 1)) {
            for (int i = 0; i < 80; i++) { // 5 MiB offered, 4 MiB allowed
                writer.text(chunk);
            }
        }

        Path file = layout().turnStream("acme", "t1");
        assertThat(Files.size(file)).isLessThanOrEqualTo(TurnStreamWriter.MAX_STREAM_BYTES + 256);
        List<String> lines = Files.readAllLines(file);
        assertThat(lines.getLast()).isEqualTo("{\"type\":\"stream_truncated\",\"step\":1,\"attempt\":1}");
        try (TurnStreamTail tail = tail()) {
            int deltas = 0;
            List<ObjectNode> polled;
            ObjectNode last = null;
            while (!(polled = tail.poll()).isEmpty()) {
                deltas += (int) polled.stream().filter(e -> e.path("type").asText().equals("text_delta")).count();
                last = polled.getLast();
            }
            assertThat(deltas).isEqualTo(lines.size() - 1);
            assertThat(last).isEqualTo(event("stream_truncated", 1, 1));
        }
    }

    @Test
    void linesThatAreNotTheWritersAreDroppedAndAHugeLineIsSkippedWhole() throws Exception {
        Path file = layout().turnStream("acme", "t1");
        Files.createDirectories(file.getParent());
        String huge = "{\"type\":\"text_delta\",\"step\":1,\"attempt\":1,\"text\":\"" + "y".repeat(5 * 1024 * 1024) + "\"}";
        Files.writeString(file, String.join("\n",
                "not json",
                "[1,2]",
                "{\"type\":\"text_delta\",\"step\":\"1\",\"attempt\":1,\"text\":\"step is a string\"}",
                "{\"type\":\"text_delta\",\"step\":1,\"attempt\":1,\"text\":{\"a\":1}}",
                "{\"type\":\"secret_dump\",\"step\":1,\"attempt\":1}",
                huge,
                "{\"type\":\"text_delta\",\"step\":1,\"attempt\":1,\"text\":\"kept\",\"apiKey\":\"dropped field\"}",
                "{\"type\":\"text_delta\",\"step\":1,\"attempt\":1,\"text\":\"half a li"), StandardCharsets.UTF_8);

        try (TurnStreamTail tail = tail()) {
            List<ObjectNode> all = new ArrayList<>();
            for (int poll = 0; poll < 100; poll++) { // a poll reads at most 256 KiB: enough of them to pass 5 MiB
                all.addAll(tail.poll());
            }
            assertThat(all).containsExactly(delta(1, 1, "kept"));

            Files.writeString(file, "ne\"}\n", StandardOpenOption.APPEND);
            assertThat(tail.poll()).containsExactly(delta(1, 1, "half a line"));
        }
    }

    @Test
    void aResumingTailStartsAfterWhatTheFileHeldWhenItOpened() throws Exception {
        try (TurnStreamWriter writer = log().streamWriter("acme", "t1", 1, 1)) {
            writer.text("seen before");
        }
        try (TurnStreamTail tail = tail().fromEnd(); TurnStreamWriter writer = log().streamWriter("acme", "t1", 2, 1)) {
            assertThat(tail.poll()).isEmpty();
            writer.text("new");
            assertThat(tail.poll()).containsExactly(delta(2, 1, "new"));
        }
    }

    @Test
    void theStreamFileGoesWithTheTurnLog() {
        TurnLog log = log();
        log.start("acme", "t1", List.of(new UserMessage("hi")));
        try (TurnStreamWriter writer = log.streamWriter("acme", "t1", 1, 1)) {
            writer.text("hello");
        }
        assertThat(layout().turnStream("acme", "t1")).exists();

        log.discard("acme", "t1");

        assertThat(layout().turnStream("acme", "t1")).doesNotExist();
    }

    @Test
    void aLinkInPlaceOfTheStreamFileIsNeitherFollowedByTheWriterNorByTheTail() throws Exception {
        Path outside = Files.writeString(dataDir.resolve("outside.txt"),
                "{\"type\":\"text_delta\",\"step\":1,\"attempt\":1,\"text\":\"from elsewhere\"}\n");
        Path file = layout().turnStream("acme", "t1");
        Files.createDirectories(file.getParent());
        Files.createSymbolicLink(file, outside);

        try (TurnStreamWriter writer = log().streamWriter("acme", "t1", 1, 1)) {
            writer.text("must not land outside");
        }
        try (TurnStreamTail tail = tail()) {
            assertThat(tail.poll()).isEmpty();
        }
        assertThat(Files.readString(outside)).doesNotContain("must not land outside");
    }

    private static ObjectNode delta(int step, int attempt, String text) {
        return event("text_delta", step, attempt).put("text", text);
    }

    private static ObjectNode event(String type, int step, int attempt) {
        return JSON.createObjectNode().put("type", type).put("step", step).put("attempt", attempt);
    }
}
