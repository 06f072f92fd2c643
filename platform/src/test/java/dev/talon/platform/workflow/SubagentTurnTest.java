package dev.talon.platform.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.platform.bench.InMemoryTurnRunner;
import dev.talon.platform.data.DataLayout;
import dev.talon.platform.data.SessionStore;
import dev.talon.platform.plugin.TenantToolbox;
import dev.talon.platform.tenant.SubagentPolicy;
import dev.talon.platform.tenant.TenantConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Subagents with the real activities and files: what the LLM is offered, and where answers are stored. */
class SubagentTurnTest {

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

    private CommandProvider start(TenantConfig tenant) {
        CommandProvider provider = new CommandProvider(task -> { });
        runner = new InMemoryTurnRunner(dataDir, tenant,
                TenantToolbox.of(List.of(), Optional.empty(), Optional.of(provider)));
        return provider;
    }

    private List<JsonNode> session(String session) {
        return new SessionStore(new DataLayout(dataDir), JSON, Clock.systemUTC()).messages("acme", session);
    }

    @Test
    void aBackgroundSubagentsAnswerIsStoredOnceInTheParentSessionAndItsOwnTurnInItsSession() {
        CommandProvider provider = start(ACME.withSubagents(new SubagentPolicy(true, 1, 2, 5)));

        TurnResult parent = runner.run("talon/acme/turn/p1", new TurnRequest("acme", "main", "p1",
                "/call spawn {\"task\": \"summarise the logs\", \"label\": \"logs\"}"));
        TurnResult child = runner.client().newUntypedWorkflowStub("talon/acme/turn/p1.sub1-1")
                .getResult(TurnResult.class);

        assertThat(parent.reply()).startsWith("done: Subagent 'logs' started in the background");
        assertThat(child.reply()).isEqualTo("answer to: summarise the logs");
        List<JsonNode> main = session("main");
        assertThat(main).filteredOn(line -> line.path("turn_id").asText().equals("p1.sub1-1")).singleElement()
                .satisfies(line -> {
                    assertThat(line.path("role").asText()).isEqualTo("user");
                    assertThat(line.path("content").asText()).startsWith("[Subagent 'logs' finished")
                            .endsWith("answer to: summarise the logs");
                });
        assertThat(session("subagent.main.logs")).extracting(line -> line.path("content").asText())
                .containsExactly("summarise the logs", "answer to: summarise the logs");
        // the parent was offered spawn; its subagent, at the depth limit, was not; both could send messages
        assertThat(provider.offeredTools.get("summarise the logs")).containsExactly("message");
        assertThat(provider.offeredTools.values()).anySatisfy(tools -> assertThat(tools)
                .containsExactly("message", "spawn"));
    }

    @Test
    void aTenantWithoutSubagentsIsNotOfferedSpawnAndACallOfItIsNotFound() {
        CommandProvider provider = start(ACME);

        TurnResult parent = runner.run("talon/acme/turn/p2", new TurnRequest("acme", "main", "p2",
                "/call spawn {\"task\": \"x\", \"label\": \"logs\"}"));

        assertThat(parent.reply()).startsWith("done: Error: Tool 'spawn' not found. Available tools: message");
        assertThat(provider.offeredTools.values()).allSatisfy(tools -> assertThat(tools).containsExactly("message"));
        assertThat(session("subagent.main.logs")).isEmpty();
    }
}
