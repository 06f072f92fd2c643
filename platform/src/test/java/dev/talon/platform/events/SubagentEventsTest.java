package dev.talon.platform.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** A turn's subagents in its SSE events, read from the recorded histories of SubagentWorkflowTest. */
class SubagentEventsTest {

    private static List<ObjectNode> events(String resource) throws Exception {
        String json;
        try (InputStream in = SubagentEventsTest.class.getResourceAsStream("/histories/" + resource)) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        HistoryTranslator translator = new HistoryTranslator(FollowerKey.Kind.TURN, UnaryOperator.identity());
        EventLog log = new EventLog();
        for (HistoryEvent event : WorkflowExecutionHistory.fromJson(json).getEvents()) {
            translator.apply(event, log);
        }
        return log.read(0, 0).entries().stream().map(entry -> ((LogEntry.Progress) entry).event().data())
                .filter(data -> data.path("type").asText().startsWith("subagent_")).toList();
    }

    @Test
    void aWaitedForSubagentStartsAndFinishesInItsParentsStream() throws Exception {
        List<ObjectNode> events = events("agent-turn-spawn-waited.json");

        assertThat(events).hasSize(2);
        assertThat(events.get(0).toString()).isEqualTo("{\"type\":\"subagent_started\",\"turnId\":\"t1.sub1-1\","
                + "\"label\":\"research\",\"session\":\"subagent.s1.research\",\"background\":false}");
        assertThat(events.get(1).toString()).isEqualTo("{\"type\":\"subagent_finished\",\"turnId\":\"t1.sub1-1\","
                + "\"label\":\"research\",\"status\":\"completed\"}");
    }

    @Test
    void aBackgroundSubagentOnlyStartsInItsParentsStream() throws Exception {
        List<ObjectNode> events = events("agent-turn-spawn-background.json");

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.path("type").asText()).isEqualTo("subagent_started");
            assertThat(event.path("label").asText()).isEqualTo("slow");
            assertThat(event.path("background").asBoolean()).isTrue();
        });
    }
}
