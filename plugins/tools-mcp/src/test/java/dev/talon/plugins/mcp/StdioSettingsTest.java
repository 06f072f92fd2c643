package dev.talon.plugins.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.api.SecretResolver;
import dev.talon.api.ToolSettings;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StdioSettingsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ToolSettings settings(String servers) throws Exception {
        return ToolSettings.of(JSON.readTree("{\"servers\": " + servers + "}"), SecretResolver.NONE);
    }

    @Test
    @DisplayName("a stdio server is a command list, run without a shell")
    void stdioServerIsParsed() throws Exception {
        ToolSettings settings = settings("{\"notes\": {\"transport\": \"stdio\", \"command\": [\"npx\", \"notes-mcp\"]},"
                + " \"web\": {\"url\": \"https://mcp.example/mcp\"}}");

        assertThat(McpServerSetting.problems(settings, true)).isEmpty();
        assertThat(McpServerSetting.of(settings)).extracting(McpServerSetting::endpoint).containsExactly(
                new McpEndpoint.Stdio(List.of("npx", "notes-mcp")),
                new McpEndpoint.Http(java.net.URI.create("https://mcp.example/mcp")));
    }

    @Test
    @DisplayName("a stdio server's settings are checked: a command list of strings, no url, a known transport")
    void badStdioSettingsAreRefused() throws Exception {
        assertThat(McpServerSetting.problems(settings("{\"a\": {\"transport\": \"stdio\", \"command\": \"npx notes\"}}")))
                .containsExactly("servers.a.command must be a list of 1 to 64 strings: the program and its"
                        + " arguments, run without a shell");
        assertThat(McpServerSetting.problems(settings("{\"a\": {\"transport\": \"stdio\", \"command\": [\"\"]}}")))
                .containsExactly("servers.a.command must hold non-empty strings of at most 4096 characters");
        assertThat(McpServerSetting.problems(settings("{\"a\": {\"transport\": \"stdio\", \"command\": [\"x\"],"
                + " \"url\": \"https://x.example/\"}}"))).containsExactly("servers.a: a stdio server has a command, not a url");
        assertThat(McpServerSetting.problems(settings("{\"a\": {\"url\": \"https://x.example/\", \"command\": [\"x\"]}}")))
                .containsExactly("servers.a: a command needs transport: stdio");
        assertThat(McpServerSetting.problems(settings("{\"a\": {\"transport\": \"sse\", \"url\": \"https://x.example/\"}}")))
                .containsExactly("servers.a.transport must be http (the default) or stdio");
        assertThat(McpServerSetting.problems(settings("{\"a\": [1]}")))
                .containsExactly("servers.a must be an object: {url: …} or {transport: stdio, command: […]}");
    }

    @Test
    @DisplayName("a stdio server is refused for a tenant whose exec is disabled; an http server is not")
    void stdioNeedsExec() throws Exception {
        assertThat(McpServerSetting.problems(settings("{\"a\": {\"transport\": \"stdio\", \"command\": [\"x\"]}}"), false))
                .singleElement().asString().contains("exec is disabled");
        assertThat(McpServerSetting.problems(settings("{\"a\": {\"url\": \"https://x.example/\"}}"), false)).isEmpty();
    }
}
