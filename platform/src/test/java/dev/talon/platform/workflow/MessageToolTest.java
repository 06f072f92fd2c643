package dev.talon.platform.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.talon.platform.bench.InMemoryTurnRunner;
import dev.talon.platform.data.DataLayout;
import dev.talon.platform.data.SessionStore;
import dev.talon.platform.data.TurnStreamTail;
import dev.talon.platform.plugin.TenantToolbox;
import dev.talon.platform.tenant.TenantConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The platform's message tool with the real activities and files: streamed mid-turn, stored with the turn. */
class MessageToolTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TenantConfig ACME = RunnerTenants.ACME;

    @TempDir
    Path dataDir;

    private InMemoryTurnRunner runner;

    @AfterEach
    void stop() {
        if (runner != null) {
            runner.close();
        }
    }

    @Test
    void theMessageIsInTheTurnsStreamBeforeTheTurnEndsAndInTheSessionAfter() {
        List<ObjectNode> streamed = new CopyOnWriteArrayList<>();
        TurnStreamTail tail = TurnStreamTail.of(new DataLayout(dataDir), "acme", "m1");
        // the LLM's call after the tool reads the stream file as an SSE stream would, while the turn runs
        CommandProvider provider = new CommandProvider(task -> streamed.addAll(tail.poll()));
        runner = new InMemoryTurnRunner(dataDir, ACME, TenantToolbox.of(List.of(), Optional.empty(),
                Optional.of(provider)));

        TurnResult result = runner.run("talon/acme/turn/m1", new TurnRequest("acme", "s1", "m1",
                "/call message {\"content\": \"halfway there\"}"));
        tail.close();

        assertThat(result.reply()).isEqualTo("done: Message sent.");
        assertThat(streamed).filteredOn(event -> event.path("type").asText().equals("message")).singleElement()
                .satisfies(event -> {
                    assertThat(event.path("text").asText()).isEqualTo("halfway there");
                    assertThat(event.path("id").asText()).startsWith("talon/acme/turn/m1/");
                });
        List<JsonNode> session = new SessionStore(new DataLayout(dataDir), JSON, Clock.systemUTC())
                .messages("acme", "s1");
        assertThat(session).filteredOn(line -> line.path("role").asText().equals("assistant")).first()
                .satisfies(line -> assertThat(line.toString()).contains("halfway there"));
        assertThat(session).filteredOn(line -> line.path("role").asText().equals("tool")).singleElement()
                .satisfies(line -> assertThat(line.path("content").asText()).isEqualTo("Message sent."));
    }

    @Test
    void aMessageWithoutTextOrWithOtherArgumentsIsAToolErrorAndStreamsNothing() {
        List<ObjectNode> streamed = new CopyOnWriteArrayList<>();
        TurnStreamTail tail = TurnStreamTail.of(new DataLayout(dataDir), "acme", "m2");
        CommandProvider provider = new CommandProvider(task -> streamed.addAll(tail.poll()));
        runner = new InMemoryTurnRunner(dataDir, ACME, TenantToolbox.of(List.of(), Optional.empty(),
                Optional.of(provider)));

        TurnResult result = runner.run("talon/acme/turn/m2", new TurnRequest("acme", "s1", "m2",
                "/call message {\"content\": 5}\n/call message {\"content\": \"x\", \"to\": \"everyone\"}"));
        tail.close();

        assertThat(result.reply()).startsWith("done: Error: message takes one argument, content");
        assertThat(streamed).noneMatch(event -> event.path("type").asText().equals("message"));
    }
}
