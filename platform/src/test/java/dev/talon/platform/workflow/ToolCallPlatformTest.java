package dev.talon.platform.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.api.Tool;
import dev.talon.api.ToolContext;
import dev.talon.api.ToolEffect;
import dev.talon.api.ToolResult;
import dev.talon.api.ToolSpec;
import dev.talon.platform.bench.InMemoryTurnRunner;
import dev.talon.platform.bench.StepsProvider;
import dev.talon.platform.plugin.TenantToolbox;
import dev.talon.platform.tenant.TenantConfig;
import io.temporal.api.history.v1.HistoryEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the platform does around a tool call, with the real activities: the idempotency key a tool reads (one per
 * call, the same for every attempt of it), and a tool whose own schema is invalid (an error result, the turn goes on).
 */
class ToolCallPlatformTest {

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

    /** A side-effecting tool whose worker "dies" (an Error escapes the activity) on the first attempt of each call. */
    private static final class FlakyCharge implements Tool {
        final List<String> keysSeen = new CopyOnWriteArrayList<>();

        @Override
        public ToolSpec spec() {
            return new ToolSpec("charge", "charges a card", JSON.createObjectNode().put("type", "object"));
        }

        @Override
        public ToolEffect effect() {
            return ToolEffect.SIDE_EFFECTS;
        }

        @Override
        public ToolResult execute(JsonNode arguments, ToolContext context) {
            keysSeen.add(context.idempotencyKey());
            if (keysSeen.stream().filter(context.idempotencyKey()::equals).count() == 1) {
                throw new Error("the worker went away during attempt 1"); // not a tool error: the activity fails
            }
            return ToolResult.ok("charged once under " + context.idempotencyKey());
        }
    }

    @Test
    @DisplayName("a retried attempt of a call reads the same key as the first; the next call another one")
    void keyIsStableAcrossAttemptsAndUniquePerCall() {
        FlakyCharge charge = new FlakyCharge();
        runner = new InMemoryTurnRunner(dataDir, ACME,
                TenantToolbox.of(List.of(charge), Optional.empty(), Optional.of(new StepsProvider("charge", 2))));

        TurnResult result = runner.run("talon/acme/turn/t-keys", new TurnRequest("acme", "s1", "t-keys", "go"));

        assertThat(result.reply()).isEqualTo("done after 2 steps");
        List<String> keys = charge.keysSeen;
        assertThat(keys).hasSize(4);
        assertThat(keys.get(1)).isEqualTo(keys.get(0));
        assertThat(keys.get(3)).isEqualTo(keys.get(2)).isNotEqualTo(keys.get(0));
        // workflow id + activity id, as history names them
        List<String> toolActivityIds = runner.history("talon/acme/turn/t-keys").getEvents().stream()
                .filter(HistoryEvent::hasActivityTaskScheduledEventAttributes)
                .map(HistoryEvent::getActivityTaskScheduledEventAttributes)
                .filter(a -> a.getActivityType().getName().equals("ExecuteTool"))
                .map(a -> a.getActivityId()).toList();
        assertThat(keys).containsExactly("talon/acme/turn/t-keys/" + toolActivityIds.get(0),
                "talon/acme/turn/t-keys/" + toolActivityIds.get(0), "talon/acme/turn/t-keys/" + toolActivityIds.get(1),
                "talon/acme/turn/t-keys/" + toolActivityIds.get(1));
        // and the second attempt is what answered: the LLM read its result, not the first attempt's failure
        long attemptsRetried = runner.history("talon/acme/turn/t-keys").getEvents().stream()
                .filter(HistoryEvent::hasActivityTaskStartedEventAttributes)
                .filter(e -> e.getActivityTaskStartedEventAttributes().getAttempt() == 2).count();
        assertThat(attemptsRetried).isEqualTo(2);
    }

    @Test
    @DisplayName("a tool whose schema is invalid: each call gets an error result naming the tool's fault, never runs,"
            + " and the turn completes")
    void invalidSchemaIsAToolErrorNotAFailedTurn() throws Exception {
        List<JsonNode> ran = new CopyOnWriteArrayList<>();
        Tool broken = new Tool() {
            @Override
            public ToolSpec spec() {
                return new ToolSpec("broken", "a tool with a bad schema", JSON.createObjectNode()
                        .put("type", "object").put("required", "not-an-array"));
            }

            @Override
            public ToolResult execute(JsonNode arguments, ToolContext context) {
                ran.add(arguments);
                return ToolResult.ok("ran");
            }
        };
        runner = new InMemoryTurnRunner(dataDir, ACME,
                TenantToolbox.of(List.of(broken), Optional.empty(), Optional.of(new StepsProvider("broken", 2))));

        TurnResult result = runner.run("talon/acme/turn/t-broken", new TurnRequest("acme", "s1", "t-broken", "go"));

        assertThat(result.reply()).isEqualTo("done after 2 steps");
        assertThat(ran).isEmpty();
        List<String> toolResults;
        try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(
                dataDir.resolve("tenants/acme/sessions/s1.jsonl"))) {
            toolResults = lines.skip(1).map(line -> {
                try {
                    return JSON.readTree(line);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }).filter(m -> m.path("role").asText().equals("tool")).map(m -> m.path("content").asText()).toList();
        }
        assertThat(toolResults).hasSize(2).allSatisfy(content -> assertThat(content)
                .startsWith("Error: broken cannot be called: its parameters schema is invalid")
                .contains("required").contains("fault of the tool"));
    }
}
