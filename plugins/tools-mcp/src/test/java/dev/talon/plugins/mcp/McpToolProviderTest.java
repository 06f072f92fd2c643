package dev.talon.plugins.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.api.SecretResolver;
import dev.talon.api.Tool;
import dev.talon.api.ToolEffect;
import dev.talon.api.ToolResult;
import dev.talon.api.ToolSettings;
import dev.talon.plugintest.FakeToolContext;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class McpToolProviderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workspace;

    private TestMcpServer server;
    private final McpToolProvider provider = new McpToolProvider();

    @BeforeEach
    void start() throws Exception {
        server = new TestMcpServer();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private static ToolSettings settings(String json) throws Exception {
        return ToolSettings.of(JSON.readTree(json), SecretResolver.NONE);
    }

    private Map<String, Tool> tools() throws Exception {
        return provider.tools(settings("{\"servers\": {\"notes\": {\"url\": \"" + server.url() + "\"}}}")).stream()
                .collect(Collectors.toMap(tool -> tool.spec().name(), tool -> tool));
    }

    @Test
    @DisplayName("a tenant's server lists its tools as mcp_<server>_<tool>, with their schema and effects")
    void toolsAreListedWithPrefixSchemaAndEffects() throws Exception {
        Map<String, Tool> tools = tools();

        assertThat(tools).containsOnlyKeys("mcp_notes_search", "mcp_notes_set_flag", "mcp_notes_delete_note",
                "mcp_notes_broken", "mcp_notes_odd_name");
        assertThat(tools.get("mcp_notes_search").effect()).isEqualTo(ToolEffect.READ_ONLY);
        assertThat(tools.get("mcp_notes_set_flag").effect()).isEqualTo(ToolEffect.IDEMPOTENT);
        assertThat(tools.get("mcp_notes_delete_note").effect()).isEqualTo(ToolEffect.SIDE_EFFECTS);
        assertThat(tools.get("mcp_notes_broken").effect()).isEqualTo(ToolEffect.SIDE_EFFECTS);
        assertThat(tools.get("mcp_notes_search").spec().parametersSchema().path("properties").path("query")
                .path("type").asText()).isEqualTo("string");
        assertThat(tools.get("mcp_notes_search").spec().description()).contains("Search the notes");
        assertThat(provider.tools()).isEmpty();
        assertThat(provider.tools(ToolSettings.EMPTY)).isEmpty();
    }

    @Test
    @DisplayName("a call reaches the server with its arguments and idempotency key; an isError answer is an error")
    void callsRunOnTheServer() throws Exception {
        Map<String, Tool> tools = tools();
        FakeToolContext context = FakeToolContext.in(workspace);

        ToolResult found = tools.get("mcp_notes_search").execute(JSON.readTree("{\"query\": \"owls\"}"), context);
        ToolResult deleted = tools.get("mcp_notes_delete_note").execute(JSON.readTree("{\"id\": 7}"), context);
        ToolResult broken = tools.get("mcp_notes_broken").execute(JSON.createObjectNode(), context);
        ToolResult odd = tools.get("mcp_notes_odd_name").execute(JSON.createObjectNode(), context);

        assertThat(found.error()).isFalse();
        assertThat(found.content()).isEqualTo("found: owls");
        assertThat(deleted.content()).isEqualTo("deleted 7");
        assertThat(server.idempotencyKeys).containsExactly(context.idempotencyKey());
        assertThat(broken.error()).isTrue();
        assertThat(broken.content()).contains("broken").contains("the notes store is offline");
        assertThat(odd.content()).isEqualTo("odd");
    }

    @Test
    @DisplayName("a server that went down: its listed tools stay, and a call is an error saying it is unreachable")
    void aServerThatIsDownIsAToolError() throws Exception {
        Tool search = tools().get("mcp_notes_search");
        server.close();

        ToolResult result = search.execute(JSON.readTree("{\"query\": \"owls\"}"), FakeToolContext.in(workspace));

        assertThat(result.error()).isTrue();
        assertThat(result.content()).startsWith("Error: MCP server 'notes' could not run search: ")
                .contains("unreachable").doesNotContain("Exception").doesNotContain("\tat ");
        server = new TestMcpServer(); // for @AfterEach
    }

    @Test
    @DisplayName("a server that never answered offers no tools, and asking does not throw")
    void aServerNeverReachedOffersNothing() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertThat(provider.tools(settings("{\"servers\": {\"gone\": {\"url\": \"http://127.0.0.1:" + closedPort
                + "/mcp\"}}}"))).isEmpty();
    }

    @Test
    @DisplayName("settings: server names and URLs are checked, unknown settings refused")
    void settingsAreValidated() throws Exception {
        assertThat(provider.validateSettings(settings("{\"servers\": {\"notes\": {\"url\": \"https://x.test/mcp\"}}}")))
                .isEmpty();
        List<String> problems = provider.validateSettings(settings("{\"servers\": {\"Bad Name\": {\"url\":"
                + " \"ftp://x\"}, \"ok\": {\"url\": \"http://h/mcp\", \"command\": \"rm\"}}, \"stdio\": true}"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("unknown setting 'stdio'"))
                .anySatisfy(p -> assertThat(p).contains("'Bad Name' must be 1 to 16 lower-case letters or digits"))
                .anySatisfy(p -> assertThat(p).contains("servers.Bad Name.url must be an http or https URL"))
                .anySatisfy(p -> assertThat(p).contains("servers.ok: a command needs transport: stdio"));
        assertThat(provider.validateSettings(settings("{\"servers\": [1]}"))).singleElement().asString()
                .contains("must be an object");
    }

    @Test
    @DisplayName("each call's HTTP client is shut down with its session: calls leave no selector threads behind")
    void callsLeaveNoHttpClientsBehind() throws Exception {
        Tool search = tools().get("mcp_notes_search");
        long before = selectorThreads();
        for (int i = 0; i < 10; i++) {
            assertThat(search.execute(JSON.readTree("{\"query\": \"q\"}"), FakeToolContext.in(workspace)).error())
                    .isFalse();
        }
        long after = selectorThreads();
        for (int i = 0; i < 100 && after > before; i++) {
            Thread.sleep(100); // a shut-down client's selector thread ends on its own thread
            after = selectorThreads();
        }
        assertThat(after).isLessThanOrEqualTo(before);
    }

    private static long selectorThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().contains("SelectorManager") && thread.isAlive()).count();
    }
}
