package dev.talon.platform.memory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.talon.api.AssistantMessage;
import dev.talon.api.ChatRequest;
import dev.talon.api.ChatResponse;
import dev.talon.api.LlmProvider;
import dev.talon.api.ToolCall;
import dev.talon.api.Usage;
import dev.talon.platform.bench.InMemoryTurnRunner;
import dev.talon.platform.plugin.TenantToolbox;
import dev.talon.platform.tenant.ExecPolicy;
import dev.talon.platform.tenant.Limits;
import dev.talon.platform.tenant.ProviderConfig;
import dev.talon.platform.tenant.TenantConfig;
import dev.talon.platform.workflow.TurnRequest;
import dev.talon.platform.workflow.TurnResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A session's consolidation still running when the next turn asks for one: that turn skips it and completes. */
class OneConsolidationAtATimeTest {

    @TempDir
    Path dataDir;

    private final CountDownLatch consolidationStarted = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger consolidations = new AtomicInteger();

    @Test
    @DisplayName("while the session's consolidation runs, the next turn over the window completes without a second one")
    void secondConsolidationIsSkipped() throws Exception {
        TenantConfig acme = new TenantConfig("acme", List.of(), "default", "q", List.of("p"),
                new ProviderConfig("p", "m", null, null, null, null, null), ExecPolicy.DISABLED,
                new Limits(5, 10, 2), null);
        try (InMemoryTurnRunner runner = new InMemoryTurnRunner(dataDir, acme,
                TenantToolbox.of(List.of(), Optional.empty(), Optional.of(provider())))) {
            turn(runner, "t1");
            turn(runner, "t2");
            turn(runner, "t3"); // 4 messages > 2: starts the consolidation, which waits in the LLM
            consolidationStarted.await();

            TurnResult fourth = turn(runner, "t4"); // asks again while the first still runs

            release.countDown();
            assertThat(runner.client().newUntypedWorkflowStub("talon/acme/memory/s1").getResult(Boolean.class)).isTrue();
            assertThat(fourth.stopReason()).isEqualTo(TurnResult.COMPLETED);
            // t4 tried: its start failed because the id was taken, and the turn went on
            assertThat(runner.history("t4").getEvents())
                    .anyMatch(e -> e.hasStartChildWorkflowExecutionFailedEventAttributes());
            assertThat(consolidations).hasValue(1);
            assertThat(Files.readString(dataDir.resolve("tenants/acme/workspace/memory/HISTORY.md")))
                    .isEqualTo("[2026-12-02 11:00] first\n\n");
        }
    }

    private static TurnResult turn(InMemoryTurnRunner runner, String turnId) {
        TurnResult result = runner.run(turnId, new TurnRequest("acme", "s1", turnId, "hello " + turnId));
        assertThat(result.stopReason()).isEqualTo(TurnResult.COMPLETED);
        return result;
    }

    private LlmProvider provider() {
        return new LlmProvider() {
            @Override
            public String id() {
                return "blocking-consolidation";
            }

            @Override
            public ChatResponse chat(ChatRequest request) {
                if (request.tools().stream().noneMatch(tool -> tool.name().equals("save_memory"))) {
                    return new ChatResponse(AssistantMessage.text("ok"), new Usage(1, 1), "stop");
                }
                String entry = consolidations.incrementAndGet() == 1 ? "first" : "second";
                consolidationStarted.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ToolCall save = new ToolCall("c1", "save_memory", JsonNodeFactory.instance.objectNode()
                        .put("history_entry", "[2026-12-02 11:00] " + entry).put("memory_update", "- " + entry));
                return new ChatResponse(new AssistantMessage("", List.of(save)), new Usage(1, 1), "tool_calls");
            }
        };
    }
}
