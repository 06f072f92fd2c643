package dev.talon.platform.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.talon.platform.data.DataLayout;
import dev.talon.platform.data.TurnLog;
import dev.talon.platform.data.TurnStreamTail;
import dev.talon.platform.data.TurnStreamWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** History events and a turn's stream file merged into one stream, on real files. */
class TextDeltaCursorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private DataLayout layout() {
        return new DataLayout(dataDir);
    }

    private TurnStreamWriter writer(String turnId, int step, int attempt) {
        return new TurnLog(layout(), JSON).streamWriter("acme", turnId, step, attempt);
    }

    private TextDeltaCursor cursor(ScriptedCursor history, String turnId, boolean resumed) {
        return new TextDeltaCursor(history, id -> TurnStreamTail.of(layout(), "acme", id), turnId, resumed);
    }

    @Test
    void deltasWrittenBeforeAHistoryEventComeBeforeItAndCarryTheirTurn() throws Exception {
        ScriptedCursor history = new ScriptedCursor();
        try (TextDeltaCursor cursor = cursor(history, "t1", false)) {
            history.add(event("llm_started"));
            assertThat(types(cursor, 1)).containsExactly("llm_started");

            try (TurnStreamWriter writer = writer("t1", 1, 1)) {
                writer.text("Hi ");
                writer.text("there");
            }
            history.add(event("llm_finished"));
            history.add(event("completed"));
            history.end();

            List<ProgressEvent> rest = all(cursor);
            assertThat(rest).extracting(ProgressEvent::type)
                    .containsExactly("text_delta", "text_delta", "llm_finished", "completed");
            assertThat(rest.getFirst().data().path("text").asText()).isEqualTo("Hi ");
            assertThat(rest.getFirst().data().path("turnId").asText()).isEqualTo("t1");
            assertThat(rest.getFirst().id()).isNull();
        }
    }

    @Test
    void deltasArriveWhileHistoryIsQuiet() throws Exception {
        ScriptedCursor history = new ScriptedCursor();
        try (TextDeltaCursor cursor = cursor(history, "t1", false); TurnStreamWriter writer = writer("t1", 1, 1)) {
            writer.text("live");

            CursorStep step = cursor.next(Duration.ofSeconds(5));

            assertThat(step).isInstanceOf(CursorStep.Event.class);
            assertThat(((CursorStep.Event) step).event().data().path("text").asText()).isEqualTo("live");
        }
    }

    @Test
    void aSessionStreamFollowsTheTurnThatStartedAndStopsAtItsEnd() throws Exception {
        try (TurnStreamWriter old = writer("t0", 1, 1)) {
            old.text("not this turn");
        }
        ScriptedCursor history = new ScriptedCursor();
        try (TextDeltaCursor cursor = cursor(history, null, false)) {
            history.add(event("turn_started").put("turnId", "t1"));
            assertThat(types(cursor, 1)).containsExactly("turn_started");
            try (TurnStreamWriter writer = writer("t1", 1, 1)) {
                writer.text("first");
            }
            history.add(event("completed"));
            assertThat(types(cursor, 2)).containsExactly("text_delta", "completed");

            try (TurnStreamWriter late = writer("t1", 2, 1)) {
                late.text("after the end");
            }
            history.add(event("session_ended"));
            history.end();
            assertThat(all(cursor)).extracting(ProgressEvent::type).containsExactly("session_ended");
        }
    }

    @Test
    void aResumedStreamSkipsWhatTheFileHeldAndARetryShowsTheDiscard() throws Exception {
        try (TurnStreamWriter first = writer("t1", 1, 1)) {
            first.text("seen before the reconnect");
        }
        ScriptedCursor history = new ScriptedCursor();
        try (TextDeltaCursor cursor = cursor(history, "t1", true)) {
            try (TurnStreamWriter retry = writer("t1", 1, 2)) {
                retry.text("again");
            }
            history.end();

            List<ProgressEvent> events = all(cursor);
            assertThat(events).extracting(ProgressEvent::type).containsExactly("delta_discarded", "text_delta");
            assertThat(events.getFirst().data().path("attempt").asInt()).isEqualTo(1);
            assertThat(events.getLast().data().path("attempt").asInt()).isEqualTo(2);
        }
    }

    @Test
    void aSessionStreamCarriesTheRunningTurnsInterimMessageOnceEvenWhenARetryWroteItAgain() throws Exception {
        TurnLog log = new TurnLog(layout(), JSON);
        ScriptedCursor history = new ScriptedCursor();
        try (TextDeltaCursor cursor = cursor(history, null, false)) {
            history.add(event("turn_started").put("turnId", "t1"));
            assertThat(types(cursor, 1)).containsExactly("turn_started");
            try (TurnStreamWriter first = log.messageWriter("acme", "t1", 1, 1)) {
                first.message("talon/acme/turn/t1/5", "halfway there");
            }
            try (TurnStreamWriter retry = log.messageWriter("acme", "t1", 1, 2)) {
                retry.message("talon/acme/turn/t1/5", "halfway there");
            }
            history.add(event("tool_finished"));
            history.add(event("completed"));
            history.end();

            List<ProgressEvent> rest = all(cursor);
            assertThat(rest).extracting(ProgressEvent::type).containsExactly("message", "tool_finished", "completed");
            assertThat(rest.getFirst().data().path("text").asText()).isEqualTo("halfway there");
            assertThat(rest.getFirst().data().path("turnId").asText()).isEqualTo("t1");
        }
    }

    private static ObjectNode event(String type) {
        return JSON.createObjectNode().put("type", type);
    }

    private static List<String> types(ProgressCursor cursor, int count) throws InterruptedException {
        List<String> types = new ArrayList<>();
        while (types.size() < count) {
            CursorStep step = cursor.next(Duration.ofSeconds(5));
            assertThat(step).as("an event within the wait").isInstanceOf(CursorStep.Event.class);
            types.add(((CursorStep.Event) step).event().type());
        }
        return types;
    }

    private static List<ProgressEvent> all(ProgressCursor cursor) throws InterruptedException {
        List<ProgressEvent> events = new ArrayList<>();
        while (true) {
            CursorStep step = cursor.next(Duration.ofSeconds(5));
            switch (step) {
                case CursorStep.Event event -> events.add(event.event());
                case CursorStep.End end -> {
                    return events;
                }
                case CursorStep.Quiet quiet -> throw new AssertionError("no end within the wait; so far " + events);
            }
        }
    }

    /** History as the test feeds it: events added by the test, then its end. */
    private static final class ScriptedCursor implements ProgressCursor {
        private final Deque<ProgressEvent> events = new ArrayDeque<>();
        private boolean ended;

        synchronized void add(ObjectNode data) {
            events.add(new ProgressEvent("1", data.path("type").asText(), data));
        }

        synchronized void end() {
            ended = true;
        }

        @Override
        public synchronized CursorStep next(Duration timeout) throws InterruptedException {
            if (events.isEmpty() && !ended) {
                wait(Math.max(1, Math.min(timeout.toMillis(), 10))); // quiet history waits, as the real one does
            }
            if (!events.isEmpty()) {
                return new CursorStep.Event(events.poll());
            }
            return ended ? CursorStep.END : CursorStep.QUIET;
        }

        @Override
        public void close() {
        }
    }
}
