package dev.talon.platform.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.platform.bench.InMemoryTurnRunner;
import dev.talon.platform.plugin.LoadedPlugins;
import dev.talon.platform.plugin.TenantToolbox;
import dev.talon.platform.tenant.ExecPolicy;
import dev.talon.platform.tenant.Limits;
import dev.talon.platform.tenant.ProviderConfig;
import dev.talon.platform.tenant.TenantConfig;
import dev.talon.platform.workflow.AgentTurnWorkflowImpl;
import dev.talon.platform.workflow.MemoryConsolidationWorkflowImpl;
import dev.talon.platform.workflow.TurnRequest;
import dev.talon.platform.workflow.TurnResult;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session outgrows its window and its older messages are folded into memory: real workflow and activities,
 * the real provider-scripted and tools-workspace plugins, real files.
 */
class MemoryConsolidationTest {

    static final String SAVE = "/call save_memory {\"history_entry\": \"[2026-12-01 09:00] The user said they like"
            + " green tea.\", \"memory_update\": \"- likes green tea\"}";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final LoadedPlugins loaded = new LoadedPlugins();

    @TempDir
    Path dataDir;

    /** A tenant of provider-scripted and tools-workspace that keeps a window of 4 messages. */
    static TenantConfig tenant() {
        return new TenantConfig("acme", List.of(), "default", "q", List.of("provider-scripted", "tools-workspace"),
                new ProviderConfig("provider-scripted", "scripted", null, null, null, null, null),
                ExecPolicy.DISABLED, new Limits(10, 10, 4), null);
    }

    @Test
    @DisplayName("over the window, the turn's consolidation writes HISTORY.md and MEMORY.md once and moves last_consolidated")
    void consolidatesAfterTheWindowIsExceeded() throws Exception {
        TenantConfig tenant = tenant();
        Path workspace = dataDir.resolve("tenants/acme/workspace");
        try (InMemoryTurnRunner runner = new InMemoryTurnRunner(dataDir, tenant, TenantToolbox.of(tenant, loaded.host()))) {
            // /say answers its text and calls nothing; the /call line waits in the session for consolidation
            turn(runner, "t1", "/say noted\n" + SAVE);
            turn(runner, "t2", "/say two");
            turn(runner, "t3", "/say three");
            assertThat(workspace.resolve("memory/HISTORY.md")).doesNotExist(); // 4 messages: not over the window

            turn(runner, "t4", "/say four"); // saw 6 > 4 unconsolidated: consolidates after recording
            boolean changed = runner.client().newUntypedWorkflowStub("talon/acme/memory/s1").getResult(Boolean.class);

            assertThat(changed).isTrue();
            assertThat(Files.readString(workspace.resolve("memory/HISTORY.md")))
                    .isEqualTo("[2026-12-01 09:00] The user said they like green tea.\n\n");
            assertThat(workspace.resolve("memory/MEMORY.md")).hasContent("- likes green tea");
            JsonNode metadata = JSON.readTree(Files.readAllLines(dataDir.resolve("tenants/acme/sessions/s1.jsonl")).getFirst());
            assertThat(metadata.path("last_consolidated").asInt()).isEqualTo(6); // 8 messages, half a window kept
            assertThat(metadata.path("metadata").has("pending_consolidation")).isFalse();

            // the next prompt has the memory, and only the unconsolidated tail of the session
            String prompt = turn(runner, "t5", "/prompt").reply();
            assertThat(prompt).contains("# Memory\n\n- likes green tea");
            String found = turn(runner, "t6", "/call memory_search {\"query\": \"GREEN tea\"}").reply();
            assertThat(found).isEqualTo("memory_search: 1 matching entries:");

            WorkflowExecutionHistory history = runner.history("t4");
            WorkflowReplayer.replayWorkflowExecution(history, AgentTurnWorkflowImpl.class);
            WorkflowExecutionHistory consolidation = runner.history("talon/acme/memory/s1");
            WorkflowReplayer.replayWorkflowExecution(consolidation, MemoryConsolidationWorkflowImpl.class);
            if (Boolean.getBoolean("talon.record-histories")) {
                Files.writeString(Path.of("src/test/resources/histories/agent-turn-memory-consolidation.json"),
                        history.toJson(true));
                Files.writeString(Path.of("src/test/resources/histories/memory-consolidation.json"),
                        consolidation.toJson(true));
            }
        }
    }

    @Test
    @DisplayName("a consolidation that fails (no save_memory call) fails alone: the turn completed, memory is unchanged")
    void aFailedConsolidationLeavesTheTurnAlone() throws Exception {
        TenantConfig tenant = tenant();
        try (InMemoryTurnRunner runner = new InMemoryTurnRunner(dataDir, tenant, TenantToolbox.of(tenant, loaded.host()))) {
            for (int i = 1; i <= 4; i++) {
                assertThat(turn(runner, "t" + i, "/say plain " + i).reply()).isEqualTo("plain " + i);
            }
            WorkflowStub consolidation = runner.client().newUntypedWorkflowStub("talon/acme/memory/s1");

            assertThatThrownBy(() -> consolidation.getResult(Boolean.class)).isInstanceOf(WorkflowFailedException.class)
                    .rootCause().hasMessageContaining("without calling save_memory");
            assertThat(dataDir.resolve("tenants/acme/workspace/memory/HISTORY.md")).doesNotExist();
            JsonNode metadata = JSON.readTree(Files.readAllLines(dataDir.resolve("tenants/acme/sessions/s1.jsonl")).getFirst());
            assertThat(metadata.path("last_consolidated").asInt()).isZero();
        }
    }

    private static TurnResult turn(InMemoryTurnRunner runner, String turnId, String message) {
        TurnResult result = runner.run(turnId, new TurnRequest("acme", "s1", turnId, message));
        assertThat(result.stopReason()).isEqualTo(TurnResult.COMPLETED);
        return result;
    }
}
