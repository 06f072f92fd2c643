package dev.talon.platform.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.talon.api.AssistantMessage;
import dev.talon.api.ChatRequest;
import dev.talon.api.ChatResponse;
import dev.talon.api.LlmProvider;
import dev.talon.api.Message;
import dev.talon.api.Tool;
import dev.talon.api.ToolCall;
import dev.talon.api.ToolContext;
import dev.talon.api.ToolResult;
import dev.talon.api.ToolSpec;
import dev.talon.api.Usage;
import dev.talon.platform.bench.InMemoryTurnRunner;
import dev.talon.platform.budget.Budgets;
import dev.talon.platform.budget.LlmMeter;
import dev.talon.platform.budget.Price;
import dev.talon.platform.budget.Prices;
import dev.talon.platform.budget.UsageLedger;
import dev.talon.platform.budget.UsageReport;
import dev.talon.platform.data.DataLayout;
import dev.talon.platform.plugin.TenantToolbox;
import dev.talon.platform.tenant.Budget;
import dev.talon.platform.tenant.ExecPolicy;
import dev.talon.platform.tenant.Limits;
import dev.talon.platform.tenant.ProviderConfig;
import dev.talon.platform.tenant.TenantConfig;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Budgets with the real workflow, activities, ledger and files: a turn that runs out of budget mid-turn stops with
 * {@code budget_exhausted} and keeps every step; a retried LLM call is counted once.
 */
class BudgetedTurnTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "m-budget";
    /** Every call of {@link #provider}: 10 in, 10 out. */
    private static final Usage PER_CALL = new Usage(10, 10);

    @TempDir
    Path dataDir;

    private InMemoryTurnRunner runner;
    private final AtomicInteger providerCalls = new AtomicInteger();

    @AfterEach
    void stop() {
        if (runner != null) {
            runner.close();
        }
    }

    /** Calls tool {@code step} once per step, forever, each call using {@link #PER_CALL}. */
    private LlmProvider provider() {
        return new LlmProvider() {
            @Override
            public String id() {
                return "looping";
            }

            @Override
            public ChatResponse chat(ChatRequest request) {
                providerCalls.incrementAndGet();
                long step = request.messages().stream().filter(AssistantMessage.class::isInstance).count() + 1;
                ToolCall call = new ToolCall("call_" + step, "step",
                        JsonNodeFactory.instance.objectNode().put("step", step));
                return new ChatResponse(new AssistantMessage("", List.of(call)), PER_CALL, "tool_calls");
            }
        };
    }

    private static Tool stepTool() {
        return new Tool() {
            @Override
            public ToolSpec spec() {
                return new ToolSpec("step", "one step", JSON.createObjectNode().put("type", "object"));
            }

            @Override
            public ToolResult execute(JsonNode arguments, ToolContext context) {
                return ToolResult.ok("step " + arguments.path("step").asInt() + " done");
            }
        };
    }

    private TenantConfig tenant(Budget budget) {
        return new TenantConfig("acme", List.of(), "default", "q", List.of("p"),
                new ProviderConfig("p", MODEL, null, null, null, null, null), ExecPolicy.DISABLED,
                new Limits(10, 10, 100), null, null, budget);
    }

    private Budgets budgets() {
        return new Budgets(new UsageLedger(new DataLayout(dataDir), Clock.systemUTC()),
                new Prices(Map.of(MODEL, new Price(new BigDecimal("1"), new BigDecimal("2"), null, null))));
    }

    private TurnResult run(TenantConfig tenant, LlmMeter meter, String turnId) {
        runner = new InMemoryTurnRunner(dataDir, tenant,
                TenantToolbox.of(List.of(stepTool()), Optional.empty(), Optional.of(provider())), false, meter);
        return runner.run(turnId, new TurnRequest("acme", "s1", turnId, "go"));
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
    void aTurnThatRunsOutOfBudgetMidTurnStopsAndKeepsEveryStep() throws Exception {
        // 3 calls of 20 tokens reach 60; the 4th is refused before the provider sees it
        TenantConfig tenant = tenant(new Budget(60L, null, null, null, 1));
        Budgets budgets = budgets();

        TurnResult result = run(tenant, budgets, "budget-turn");

        assertThat(result.stopReason()).isEqualTo(TurnResult.BUDGET_EXHAUSTED);
        assertThat(result.iterations()).isEqualTo(3);
        assertThat(result.toolsUsed()).containsExactly("step", "step", "step");
        assertThat(result.usage()).isEqualTo(new Usage(30, 30));
        assertThat(result.reply()).startsWith("The turn stopped before its next model call: tenant 'acme' has used"
                + " its daily token budget (60 tokens); it resets at ");
        assertThat(providerCalls).hasValue(3);
        // the session has the user message, three calls with their results, and the notice: nothing lost
        List<JsonNode> stored = stored();
        assertThat(stored).hasSize(1 + 3 * 2 + 1);
        assertThat(stored.stream().filter(m -> m.path("role").asText().equals("tool")).map(m -> m.path("content")
                .asText())).containsExactly("step 1 done", "step 2 done", "step 3 done");
        assertThat(stored.getLast().path("content").asText()).isEqualTo(result.reply());
        UsageReport report = budgets.report(tenant);
        assertThat(report.day().models()).containsOnlyKeys(MODEL);
        assertThat(report.day().models().get(MODEL).calls()).isEqualTo(3);
        assertThat(report.day().models().get(MODEL).tokens()).isEqualTo(60);
        // 30 in at 1 USD/MTok, 30 out at 2 USD/MTok
        assertThat(report.day().models().get(MODEL).costUsd()).isEqualByComparingTo("0.00009");
        assertThat(report.day().reservedTokens()).isZero();
        assertThat(markers(runner.history("budget-turn"))).containsExactly("budget-stop");
        recordHistory(runner.history("budget-turn"));
    }

    @Test
    void anLlmCallRetriedAfterItSettledIsCountedOnce() {
        Budgets budgets = budgets();
        AtomicBoolean crashed = new AtomicBoolean();
        // the worker dies right after the ledger booked step 2: the attempt fails, Temporal retries it
        LlmMeter crashingOnce = new LlmMeter() {
            @Override
            public void reserve(TenantConfig tenant, String key, List<Message> messages) {
                budgets.reserve(tenant, key, messages);
            }

            @Override
            public boolean settle(TenantConfig tenant, String key, Usage usage) {
                boolean booked = budgets.settle(tenant, key, usage);
                if (key.endsWith("#2") && crashed.compareAndSet(false, true)) {
                    throw new IllegalStateException("worker lost after settling " + key);
                }
                return booked;
            }

            @Override
            public void release(TenantConfig tenant, String key) {
                budgets.release(tenant, key);
            }
        };
        // 4 steps of 20 tokens fit; the 5th reservation is refused (a double count would stop it at step 4)
        TenantConfig tenant = tenant(new Budget(80L, null, null, null, 1));

        TurnResult result = run(tenant, crashingOnce, "retried-turn");

        assertThat(crashed).isTrue();
        assertThat(providerCalls).as("the provider was really called again").hasValue(5);
        assertThat(result.stopReason()).isEqualTo(TurnResult.BUDGET_EXHAUSTED);
        assertThat(result.iterations()).isEqualTo(4);
        assertThat(budgets.report(tenant).day().models().get(MODEL).calls()).isEqualTo(4);
        assertThat(budgets.report(tenant).day().models().get(MODEL).tokens()).isEqualTo(80);
    }

    @Test
    void aTenantWithoutBudgetStillHasItsUsageCounted() {
        Budgets budgets = budgets();
        TenantConfig tenant = tenant(Budget.NONE);
        runner = new InMemoryTurnRunner(dataDir, tenant, TenantToolbox.of(List.of(), Optional.empty(),
                Optional.of(new LlmProvider() {
                    @Override
                    public String id() {
                        return "one";
                    }

                    @Override
                    public ChatResponse chat(ChatRequest request) {
                        return new ChatResponse(AssistantMessage.text("hi"), new Usage(7, 3, 2, 1), "stop");
                    }
                })), false, budgets);

        TurnResult result = runner.run("free-turn", new TurnRequest("acme", "s1", "free-turn", "go"));

        assertThat(result.stopReason()).isEqualTo(TurnResult.COMPLETED);
        assertThat(budgets.report(tenant).month().models().get(MODEL))
                .satisfies(usage -> {
                    assertThat(usage.calls()).isEqualTo(1);
                    assertThat(usage.cacheReadTokens()).isEqualTo(2);
                    assertThat(usage.cacheWriteTokens()).isEqualTo(1);
                });
        assertThat(markers(runner.history("free-turn"))).isEmpty();
    }

    private static List<String> markers(WorkflowExecutionHistory history) {
        return history.getEvents().stream().filter(HistoryEvent::hasMarkerRecordedEventAttributes)
                .map(e -> e.getMarkerRecordedEventAttributes().getDetailsMap().get("changeId"))
                .filter(java.util.Objects::nonNull)
                .map(payloads -> payloads.getPayloads(0).getData().toStringUtf8().replace("\"", ""))
                .toList();
    }

    private static void recordHistory(WorkflowExecutionHistory history) throws Exception {
        if (Boolean.getBoolean("talon.record-histories")) {
            Path file = Path.of("src/test/resources/" + AgentTurnReplayTest.BUDGET_STOP);
            Files.createDirectories(file.getParent());
            Files.writeString(file, history.toJson(true));
        }
    }
}
