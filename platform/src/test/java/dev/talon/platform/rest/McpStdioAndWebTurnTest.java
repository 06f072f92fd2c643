package dev.talon.platform.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.talon.plugins.mcp.StdioServerFiles;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 11's "done when": a tenant with an MCP server on stdio (the SDK's own stdio server, started by tools-mcp
 * inside the tenant's bubblewrap sandbox) and web tools answers a scripted turn that calls an MCP tool and fetches a
 * local page (allowed by the tenant's {@code allowHosts}). And a stdio server is refused for a tenant without exec.
 */
@Tag("hostile-model")
@ExtendWith(FreshTenantsFile.class)
@HelidonTest
@AddConfig(key = "talon.temporal.target", value = "in-memory")
@AddConfig(key = "talon.data-dir", value = "target/test-data/mcp-stdio")
@AddConfig(key = "talon.plugins-dir", value = "target/plugins")
@AddConfig(key = "talon.tenants-file", value = "target/test-data/mcp-stdio-tenants.yaml")
@AddConfig(key = "talon.admin.key", value = "test-admin-key")
class McpStdioAndWebTurnTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    WebTarget target;

    private HttpServer site;

    @BeforeEach
    void startSite() throws Exception {
        site = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        site.createContext("/", exchange -> {
            byte[] body = "<html><body><p>The owls are back.</p></body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        site.start();
    }

    @AfterEach
    void stopSite() {
        site.stop(0);
    }

    private static String stdioServer(Path workspace) throws Exception {
        return "{\"servers\": {\"notes\": {\"transport\": \"stdio\", \"command\": "
                + JSON.writeValueAsString(StdioServerFiles.command(workspace, "talon-mcp-it-" + UUID.randomUUID()))
                + "}}}";
    }

    @Test
    @DisplayName("one turn calls a tool of a stdio MCP server in the tenant's sandbox and fetches a local page")
    void mcpOnStdioAndWebFetchInOneTurn() throws Exception {
        String tenant = PlatformHttp.unique("mcp-stdio");
        Path workspace = Path.of("target/test-data/mcp-stdio/tenants", tenant, "workspace").toAbsolutePath();
        StdioServerFiles.copyInto(workspace);
        HttpResponse<String> created = api().admin("PUT", tenant, "{\"plugins\": [\"tools-mcp\", \"tools-web\","
                + " \"exec-bubblewrap\", \"provider-scripted\"], \"exec\": {\"backend\": \"bubblewrap\"},"
                + " \"provider\": {\"plugin\": \"provider-scripted\", \"model\": \"scripted\"},"
                + " \"toolSettings\": {\"tools-mcp\": " + stdioServer(workspace) + ","
                + " \"tools-web\": {\"allowHosts\": [\"127.0.0.1\"]}}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        JsonNode turn = api().turn(tenant, api().newKey(tenant), "s", "/call mcp_notes_search {\"query\": \"owls\"}\n"
                + "/call web_fetch {\"url\": \"http://127.0.0.1:" + site.getAddress().getPort() + "/news\"}", true);

        assertThat(turn.path("status").asText()).as(turn.toString()).isEqualTo("completed");
        String[] lines = turn.path("reply").asText().split("\n");
        assertThat(lines[0]).isEqualTo("mcp_notes_search: found: owls in /workspace");
        assertThat(lines[1]).startsWith("web_fetch: ").contains("The owls are back.");
    }

    @Test
    @DisplayName("the admin API refuses a stdio server for a tenant whose exec is disabled: it would run on the host")
    void stdioServerNeedsExec() throws Exception {
        String tenant = PlatformHttp.unique("mcp-noexec");
        HttpResponse<String> refused = api().admin("PUT", tenant, "{\"plugins\": [\"tools-mcp\"],"
                + " \"toolSettings\": {\"tools-mcp\": {\"servers\": {\"notes\": {\"transport\": \"stdio\","
                + " \"command\": [\"notes-mcp\"]}}}}}");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).path("error").path("message").asText())
                .contains("toolSettings.tools-mcp: a server with transport stdio runs in the tenant's exec sandbox,"
                        + " and this tenant's exec is disabled");
    }

    private PlatformHttp api() {
        return new PlatformHttp(target.getUri());
    }
}
