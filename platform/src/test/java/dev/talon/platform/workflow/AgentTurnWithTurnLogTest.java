package dev.talon.platform.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.api.Tool;
import dev.talon.api.ToolContext;
import dev.talon.api.ToolResult;
import dev.talon.api.ToolSpec;
import dev.talon.platform.bench.InMemoryTurnRunner;
import dev.talon.platform.bench.StepsProvider;
import dev.talon.platform.plugin.TenantToolbox;
import dev.talon.platform.tenant.ExecPolicy;
import dev.talon.platform.tenant.Limits;
import dev.talon.platform.tenant.ProviderConfig;
import dev.talon.platform.tenant.TenantConfig;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.testing.WorkflowReplayer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The turn log with the real activities and files: linear history, fallback to inline, long tool output. */
class AgentTurnWithTurnLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TWO_MB = 2 * 1024 * 1024;

    @TempDir
    Path dataDir;

    private InMemoryTurnRunner runner;

    @AfterEach
    void stop() {
        if (runner != null) {
            runner.close();
        }
    }

    private static Tool tool(String name, BiFunction<JsonNode, ToolContext, String> body) {
        return new Tool() {
            @Override
            public ToolSpec spec() {
                return new ToolSpec(name, "test tool", JSON.createObjectNode().put("type", "object"));
            }

            @Override
            public ToolResult execute(JsonNode arguments, ToolContext context) {
                return ToolResult.ok(body.apply(arguments, context));
            }
        };
    }

    private TurnResult run(StepsProvider provider, List<Tool> tools, String turnId, boolean inline) {
        return run(provider, tools, turnId, inline, new Limits(100, 10, 100));
    }

    private TurnResult run(StepsProvider provider, List<Tool> tools, String turnId, boolean inline, Limits limits) {
        TenantConfig acme = new TenantConfig("acme", List.of(), "default", "q", List.of("p"),
                new ProviderConfig("p", "m", null, null, null, null, null), ExecPolicy.DISABLED,
                limits, null);
        runner = new InMemoryTurnRunner(dataDir, acme, TenantToolbox.of(tools, Optional.empty(), Optional.of(provider)),
                inline);
        return runner.run(turnId, new TurnRequest("acme", "s1", turnId, "go"));
    }

    private List<HistoryEvent> history(String workflowId) {
        return runner.history(workflowId).getEvents();
    }

    private List<JsonNode> stored() throws Exception {
        try (Stream<String> lines = Files.lines(dataDir.resolve("tenants/acme/sessions/s1.jsonl"))) {
            return lines.skip(1).map(line -> {
                try {
                    return JSON.readTree(line);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }).toList();
        }
    }

    @Test
    void llmCallsCarryAReferenceNotTheConversation() throws Exception {
        StepsProvider provider = new StepsProvider("echo", 6);
        TurnResult result = run(provider, List.of(tool("echo", (args, ctx) -> "x".repeat(2000))), "log-turn", false);

        assertThat(result.reply()).isEqualTo("done after 6 steps");
        // the provider still saw the whole, growing conversation, read from the turn log (system prompt, runtime
        // context, user message, then two messages a step)
        assertThat(provider.conversationSizes()).containsExactly(3, 5, 7, 9, 11, 13, 15);
        // but no LlmChat input in history carries it: each stays small whatever the step
        List<Integer> llmInputSizes = history("log-turn").stream()
                .filter(e -> e.hasActivityTaskScheduledEventAttributes()
                        && e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals("LlmChat"))
                .map(e -> e.getActivityTaskScheduledEventAttributes().getInput().getSerializedSize())
                .toList();
        assertThat(llmInputSizes).hasSize(7).allSatisfy(size -> assertThat(size).isLessThan(400));
        // the session got the whole turn once, and the turn log is gone
        assertThat(stored()).hasSize(1 + 6 * 2 + 1);
        assertThat(dataDir.resolve("tenants/acme/turns/log-turn")).doesNotExist();
    }

    @Test
    void aLostTurnLogMakesTheTurnGoInlineAndNothingIsLost() throws Exception {
        Tool wipe = tool("wipe", (args, ctx) -> {
            if (args.path("step").asInt() == 2) {
                deleteTree(dataDir.resolve("tenants/acme/turns"));
            }
            return "step " + args.path("step").asInt();
        });
        TurnResult result = run(new StepsProvider("wipe", 4), List.of(wipe), "wiped-turn", false);

        assertThat(result.reply()).isEqualTo("done after 4 steps");
        List<JsonNode> stored = stored();
        assertThat(stored).hasSize(1 + 4 * 2 + 1);
        assertThat(stored.stream().filter(m -> m.path("role").asText().equals("tool")).map(m -> m.path("content").asText()))
                .containsExactly("step 1", "step 2", "step 3", "step 4");
        // the fallback rebuilt the prompt inline once
        long buildPrompts = history("wiped-turn").stream()
                .filter(e -> e.hasActivityTaskScheduledEventAttributes()
                        && e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals("BuildPrompt"))
                .count();
        assertThat(buildPrompts).isEqualTo(2);
    }

    @Test
    void aToolThatCannotRunMakesTheTurnGoInlineOnceAndTheLlmStillSeesEveryStep() throws Exception {
        // step 2's output is long and its keeping place is blocked by a file: ExecuteTool fails even after retries
        Files.createDirectories(dataDir.resolve("tenants/acme"));
        Files.writeString(dataDir.resolve("tenants/acme/tool-outputs"), "not a folder");
        Tool flaky = tool("flaky", (args, ctx) -> args.path("step").asInt() == 2 ? "x".repeat(2_000) : "fine");
        StepsProvider provider = new StepsProvider("flaky", 3);
        TurnResult result = run(provider, List.of(flaky), "flaky-turn", false,
                new Limits(100, 10, 100, null, null, null, 1_000));

        assertThat(result.reply()).isEqualTo("done after 3 steps");
        assertThat(provider.conversationSizes()).containsExactly(3, 5, 7, 9);
        List<JsonNode> stored = stored();
        assertThat(stored).hasSize(1 + 3 * 2 + 1);
        assertThat(stored.stream().filter(m -> m.path("role").asText().equals("tool")).map(m -> m.path("content").asText()))
                .satisfiesExactly(
                        first -> assertThat(first).isEqualTo("fine"),
                        second -> assertThat(second).startsWith("Error: the tool could not run"),
                        third -> assertThat(third).isEqualTo("fine"));
        long buildPrompts = history("flaky-turn").stream()
                .filter(e -> e.hasActivityTaskScheduledEventAttributes()
                        && e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals("BuildPrompt"))
                .count();
        assertThat(buildPrompts).isEqualTo(2);
    }

    @Test
    void aFiveMegabyteToolOutputIsCutForTheLlmAndKeptWholeBesideTheWorkspace() throws Exception {
        String huge = "a".repeat(5_000_000);
        TurnResult result = run(new StepsProvider("big", 1), List.of(tool("big", (args, ctx) -> huge)), "big-turn", false);

        assertThat(result.stopReason()).isEqualTo(TurnResult.COMPLETED);
        assertThat(history("big-turn")).allSatisfy(event -> assertThat(event.getSerializedSize()).isLessThan(TWO_MB / 10));
        JsonNode toolResult = stored().get(2);
        assertThat(toolResult.path("content").asText()).hasSizeLessThan(Limits.DEFAULT.toolOutputChars() + 200)
                .contains("output cut at 16000 of 5000000 characters");
        try (Stream<Path> kept = Files.list(dataDir.resolve("tenants/acme/tool-outputs/big-turn"))) {
            assertThat(kept.toList()).singleElement().satisfies(file -> assertThat(Files.size(file)).isEqualTo(5_000_000));
        }
        assertThat(dataDir.resolve("tenants/acme/workspace/.tool-outputs")).doesNotExist();
    }

    @Test
    void theTenantsToolOutputCharsIsWhatTheLlmAndTheSessionGetOfAToolResult() throws Exception {
        String output = "y".repeat(2_999) + "\uD83D\uDE00" + "z".repeat(3_000); // the emoji straddles 3,000
        StepsProvider provider = new StepsProvider("long", 1);
        run(provider, List.of(tool("long", (args, ctx) -> output)), "limit-turn", false,
                new Limits(100, 10, 100, null, null, null, 3_000));

        String seen = stored().get(2).path("content").asText();
        assertThat(seen).startsWith("y".repeat(2_999) + "\n... (output cut at 2999 of 6001 characters");
        try (Stream<Path> kept = Files.list(dataDir.resolve("tenants/acme/tool-outputs/limit-turn"))) {
            assertThat(kept.toList()).singleElement()
                    .satisfies(file -> assertThat(Files.readString(file)).isEqualTo(output));
        }
    }

    @Test
    void freshHistoryReplaysAndCanBeRecordedForTheReplayTest() throws Exception {
        run(new StepsProvider("echo", 2), List.of(tool("echo", (args, ctx) -> "ok")), "talon/acme/turn/recorded", false);
        var history = runner.history("talon/acme/turn/recorded");

        WorkflowReplayer.replayWorkflowExecution(history, AgentTurnWorkflowImpl.class);
        if (Boolean.getBoolean("talon.record-histories")) {
            Path file = Path.of("src/test/resources/histories/agent-turn-tool-loop.json");
            Files.createDirectories(file.getParent());
            Files.writeString(file, history.toJson(true));
        }
    }

    @Test
    void theInlineDesignStillWorksForComparison() throws Exception {
        StepsProvider provider = new StepsProvider("echo", 3);
        TurnResult result = run(provider, List.of(tool("echo", (args, ctx) -> "ok")), "inline-turn", true);

        assertThat(result.reply()).isEqualTo("done after 3 steps");
        assertThat(stored()).hasSize(1 + 3 * 2 + 1);
        assertThat(dataDir.resolve("tenants/acme/turns/inline-turn")).doesNotExist();
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
