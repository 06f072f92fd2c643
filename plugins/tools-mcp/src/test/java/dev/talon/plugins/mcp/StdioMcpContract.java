package dev.talon.plugins.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.api.ExecBackend;
import dev.talon.api.ExecRequest;
import dev.talon.api.ExecResult;
import dev.talon.api.SecretResolver;
import dev.talon.api.Tool;
import dev.talon.api.ToolEffect;
import dev.talon.api.ToolResult;
import dev.talon.api.ToolScope;
import dev.talon.api.ToolSettings;
import dev.talon.plugintest.FakeToolContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real MCP server on stdio ({@link StdioTestMcpServer}, the SDK's own server), started by the plugin inside an
 * exec backend, for each listing and each call. Every exec backend that can run interactive programs runs this.
 */
@Tag("hostile-model")
abstract class StdioMcpContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String TENANT = "acme";

    @TempDir
    static Path workspace;

    private final McpToolProvider provider = new McpToolProvider();
    private final String marker = "talon-mcp-test-" + UUID.randomUUID();

    protected abstract ExecBackend backend();

    /** Where the server's working directory is, as the server sees it. */
    protected abstract String workspaceInside();

    @BeforeAll
    static void copyServer() {
        StdioServerFiles.copyInto(workspace);
    }

    private ToolSettings settings() throws Exception {
        String command = JSON.writeValueAsString(StdioServerFiles.command(workspace, marker));
        return ToolSettings.of(JSON.readTree("{\"servers\": {\"notes\": {\"transport\": \"stdio\", \"command\": "
                + command + "}}}"), SecretResolver.NONE);
    }

    private ToolScope scope() {
        return new ToolScope(TENANT, true, Optional.of(backend()), Optional.of(workspace), Duration.ofSeconds(30));
    }

    private Map<String, Tool> tools() throws Exception {
        return provider.tools(settings(), scope()).stream()
                .collect(Collectors.toMap(tool -> tool.spec().name(), tool -> tool));
    }

    private FakeToolContext context(Duration timeout) {
        return FakeToolContext.in(workspace).withIds(TENANT, "s-1", "t-1").withExecBackend(backend())
                .withExecTimeout(timeout);
    }

    private ToolResult call(String tool, String arguments) throws Exception {
        return call(tool, arguments, Duration.ofSeconds(30));
    }

    private ToolResult call(String tool, String arguments, Duration timeout) throws Exception {
        return tools().get(tool).execute(JSON.readTree(arguments), context(timeout));
    }

    @Test
    @DisplayName("the server's tools are listed as mcp_<server>_<tool>, their annotations kept as effects")
    void listsToolsWithPrefixAndEffects() throws Exception {
        Map<String, Tool> tools = tools();

        assertThat(tools).containsOnlyKeys("mcp_notes_search", "mcp_notes_delete_note", "mcp_notes_spawn",
                "mcp_notes_crash", "mcp_notes_garble", "mcp_notes_hang");
        assertThat(tools.get("mcp_notes_search").effect()).isEqualTo(ToolEffect.READ_ONLY);
        assertThat(tools.get("mcp_notes_delete_note").effect()).isEqualTo(ToolEffect.SIDE_EFFECTS);
        assertThat(tools.get("mcp_notes_search").spec().description()).contains("the search tool");
    }

    @Test
    @DisplayName("a call runs the tool in a server started in the workspace, inside the backend")
    void callsATool() throws Exception {
        ToolResult result = call("mcp_notes_search", "{\"query\": \"cats\"}");

        assertThat(result.error()).as(result.content()).isFalse();
        assertThat(result.content()).isEqualTo("found: cats in " + workspaceInside());
    }

    @Test
    @DisplayName("a server that dies in the middle of a call is a tool error saying so, with its last words")
    void crashMidCallIsAToolError() throws Exception {
        ToolResult result = call("mcp_notes_crash", "{}");

        assertThat(result.error()).isTrue();
        assertThat(result.content()).contains("could not run crash", "the server process ended",
                "crashing on purpose");
    }

    @Test
    @DisplayName("a server that writes what is not JSON-RPC on stdout is a tool error, not a hang")
    void garbageOnStdoutIsAToolError() throws Exception {
        ToolResult result = call("mcp_notes_garble", "{}");

        assertThat(result.error()).isTrue();
        assertThat(result.content()).contains("not a JSON-RPC message");
    }

    @Test
    @DisplayName("a server that never answers is a tool error once the tenant's exec timeout is over")
    void silentServerTimesOut() throws Exception {
        ToolResult result = call("mcp_notes_hang", "{}", Duration.ofSeconds(3));

        assertThat(result.error()).isTrue();
        assertThat(result.content()).contains("could not run hang", "did not answer in time");
        assertThat(serverProcesses()).isEmpty();
    }

    @Test
    @DisplayName("after a call, neither the server nor what it started in the background is left running")
    void noProcessLeftBehind() throws Exception {
        ToolResult result = call("mcp_notes_spawn", "{\"query\": \"" + marker + "\"}");

        assertThat(result.content()).isEqualTo("spawned");
        assertThat(serverProcesses()).isEmpty();
    }

    @Test
    @DisplayName("a tenant whose exec is disabled cannot have a stdio server, and is offered none of its tools")
    void execDisabledIsRefused() throws Exception {
        assertThat(provider.validateSettings(settings(), ToolScope.forChecking(TENANT, false)))
                .singleElement().asString().contains("transport stdio", "exec is disabled");
        assertThat(provider.validateSettings(settings(), ToolScope.forChecking(TENANT, true))).isEmpty();
        assertThat(provider.tools(settings(), new ToolScope(TENANT, false, Optional.empty(), Optional.of(workspace),
                Duration.ofSeconds(30)))).isEmpty();
        assertThat(provider.tools(settings())).isEmpty();
    }

    @Test
    @DisplayName("a call without an exec backend, or with one that cannot run programs, is a clear tool error")
    void noBackendOrUnsupportedBackendIsAToolError() throws Exception {
        Tool search = tools().get("mcp_notes_search");

        ToolResult disabled = search.execute(JSON.readTree("{}"), context(Duration.ofSeconds(5))
                .withExecBackend(Optional.empty()));
        ToolResult unsupported = search.execute(JSON.readTree("{}"), context(Duration.ofSeconds(5))
                .withExecBackend(new CommandsOnly()));

        assertThat(disabled.error()).isTrue();
        assertThat(disabled.content()).contains("exec is disabled");
        assertThat(unsupported.error()).isTrue();
        assertThat(unsupported.content()).contains("exec backend 'commands-only' cannot run interactive programs");
    }

    /** Processes on the host whose command line names this test's server or what it spawned. */
    private List<ProcessHandle> serverProcesses() throws InterruptedException {
        // a killed process may take a moment to leave the table; a leak stays
        for (int i = 0; i < 100; i++) {
            List<ProcessHandle> left = ProcessHandle.allProcesses().filter(process -> process.isAlive()
                    && process.info().commandLine().orElse("").contains(marker)).toList();
            if (left.isEmpty()) {
                return left;
            }
            Thread.sleep(100);
        }
        return ProcessHandle.allProcesses().filter(process -> process.isAlive()
                && process.info().commandLine().orElse("").contains(marker)).toList();
    }

    /** A backend like exec-agent-sandbox: commands yes, interactive programs no (the api's default). */
    private static final class CommandsOnly implements ExecBackend {
        @Override
        public String id() {
            return "commands-only";
        }

        @Override
        public ExecResult exec(ExecRequest request) {
            return new ExecResult("", "", 0, false);
        }
    }
}
