package dev.talon.platform.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.api.Tool;
import dev.talon.api.ToolContext;
import dev.talon.api.ToolResult;
import dev.talon.api.ToolSpec;
import dev.talon.platform.bench.InMemoryTurnRunner;
import dev.talon.platform.plugin.TenantToolbox;
import dev.talon.platform.tenant.ExecPolicy;
import dev.talon.platform.tenant.Limits;
import dev.talon.platform.tenant.ProviderConfig;
import dev.talon.platform.tenant.TenantConfig;
import dev.talon.platform.workflow.TurnRequest;
import dev.talon.platform.workflow.TurnResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Links a sandboxed program planted in its workspace, followed by the platform (root, as in CI) when it reads
 * bootstrap files or keeps long tool output. Real workflow, real activities, real files.
 */
@Tag("hostile-model")
class PlantedLinksTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @TempDir
    Path host;

    private Path workspace;
    private InMemoryTurnRunner runner;

    @BeforeEach
    void workspace() throws IOException {
        workspace = Files.createDirectories(dataDir.resolve("tenants/acme/workspace"));
    }

    @AfterEach
    void stop() {
        if (runner != null) {
            runner.close();
        }
    }

    @Test
    @DisplayName("bootstrap files that are links to /proc/self/environ or another tenant's session stay out of the prompt")
    void bootstrapLinksAreNotFollowed() throws Exception {
        Path otherSession = Files.createDirectories(dataDir.resolve("tenants/globex/sessions")).resolve("private.jsonl");
        Files.writeString(otherSession, "{\"_type\":\"metadata\"}\n{\"role\":\"user\",\"content\":\"GLOBEX-PRIVATE-PLAN\"}\n");
        Files.createSymbolicLink(workspace.resolve("AGENTS.md"), Path.of("/proc/self/environ"));
        Files.createSymbolicLink(workspace.resolve("USER.md"), otherSession);
        Files.createSymbolicLink(workspace.resolve("SOUL.md"), Path.of("../../globex/sessions/private.jsonl"));
        Files.writeString(workspace.resolve("TOOLS.md"), "the tenant's own notes");
        PromptRecorder llm = new PromptRecorder("noop", 0);

        TurnResult result = run(llm, List.of(), "bootstrap-turn");

        assertThat(result.stopReason()).isEqualTo(TurnResult.COMPLETED);
        String sent = llm.everythingSent();
        assertThat(sent).contains("the tenant's own notes")
                .doesNotContain("GLOBEX-PRIVATE-PLAN")
                .doesNotContain("PATH=" + System.getenv("PATH"));
    }

    @Test
    @DisplayName("long tool output is kept outside the workspace, so a planted .tool-outputs link writes nowhere")
    void longOutputDoesNotFollowAPlantedLink() throws Exception {
        Files.writeString(host.resolve("victim"), "host file");
        Files.createSymbolicLink(workspace.resolve(".tool-outputs"), host);
        Tool big = new Tool() {
            @Override
            public ToolSpec spec() {
                return new ToolSpec("big", "prints a lot", JSON.createObjectNode().put("type", "object"));
            }

            @Override
            public ToolResult execute(JsonNode arguments, ToolContext context) {
                return ToolResult.ok("x".repeat(100_000));
            }
        };

        TurnResult result = run(new PromptRecorder("big", 1), List.of(big), "long-turn");

        assertThat(result.stopReason()).isEqualTo(TurnResult.COMPLETED);
        try (Stream<Path> names = Files.list(host)) {
            assertThat(names.map(p -> p.getFileName().toString())).containsExactly("victim");
        }
        assertThat(host.resolve("victim")).hasContent("host file");
    }

    private TurnResult run(PromptRecorder llm, List<Tool> tools, String turnId) {
        TenantConfig acme = new TenantConfig("acme", List.of(), "default", "q", List.of("p"),
                new ProviderConfig("p", "m", null, null, null, null, null), ExecPolicy.DISABLED,
                new Limits(100, 10, 100), null);
        runner = new InMemoryTurnRunner(dataDir, acme, TenantToolbox.of(tools, Optional.empty(), Optional.of(llm)));
        return runner.run(turnId, new TurnRequest("acme", "s1", turnId, "go"));
    }
}
