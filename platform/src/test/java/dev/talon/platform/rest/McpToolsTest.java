package dev.talon.platform.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.plugins.mcp.TestMcpServer;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * tools-mcp through real turns: a tenant's MCP server (the SDK's own server side, on 127.0.0.1) offers its tools as
 * {@code mcp_notes_*}; each call is an ExecuteTool activity; arguments are checked against the server's schema; the
 * annotations decide which calls wait for approval under {@code approval.sideEffects}.
 */
@ExtendWith(FreshTenantsFile.class)
@HelidonTest
@AddConfig(key = "talon.temporal.target", value = "in-memory")
@AddConfig(key = "talon.data-dir", value = "target/test-data/mcp-tools")
@AddConfig(key = "talon.plugins-dir", value = "target/plugins")
@AddConfig(key = "talon.tenants-file", value = "target/test-data/mcp-tools-tenants.yaml")
@AddConfig(key = "talon.admin.key", value = "test-admin-key")
class McpToolsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    WebTarget target;

    private TestMcpServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = new TestMcpServer();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    private String tenantWithServer(String prefix) throws Exception {
        String tenant = PlatformHttp.unique(prefix);
        HttpResponse<String> created = api().admin("PUT", tenant, "{\"plugins\": [\"tools-mcp\", \"provider-scripted\"],"
                + " \"provider\": {\"plugin\": \"provider-scripted\", \"model\": \"scripted\"},"
                + " \"approval\": {\"sideEffects\": true, \"timeoutSeconds\": 60},"
                + " \"toolSettings\": {\"tools-mcp\": {\"servers\": {\"notes\": {\"url\": \"" + server.url()
                + "\"}}}}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return tenant;
    }

    @Test
    @DisplayName("a read-only and an idempotent MCP tool run at once; a bad argument gets the schema's message")
    void mcpToolsRunInATurn() throws Exception {
        String tenant = tenantWithServer("mcp");
        String key = api().newKey(tenant);

        JsonNode turn = api().turn(tenant, key, "s", "/call mcp_notes_search {\"query\": \"owls\"}\n"
                + "/call mcp_notes_set_flag {}\n/call mcp_notes_search {\"query\": 5}", true);

        assertThat(turn.path("status").asText()).isEqualTo("completed");
        String[] lines = turn.path("reply").asText().split("\n");
        assertThat(lines[0]).isEqualTo("mcp_notes_search: found: owls");
        assertThat(lines[1]).isEqualTo("mcp_notes_set_flag: set");
        assertThat(lines[2]).startsWith("error in mcp_notes_search: Error: invalid arguments for mcp_notes_search")
                .contains("query").contains("string");
    }

    @Test
    @DisplayName("a destructive MCP tool waits for approval, then reaches the server with the call's idempotency key")
    void destructiveMcpToolWaitsForApproval() throws Exception {
        String tenant = tenantWithServer("mcp-gated");
        String key = api().newKey(tenant);

        String turnId = api().turn(tenant, key, "s", "/call mcp_notes_delete_note {\"id\": 3}", false).path("turnId")
                .asText();
        JsonNode waiting = api().until(tenant, key, "/turns/" + turnId, t -> t.has("pendingApprovals"));
        assertThat(waiting.path("pendingApprovals").get(0).path("tool").asText()).isEqualTo("mcp_notes_delete_note");
        assertThat(server.idempotencyKeys).isEmpty();

        String approvalId = waiting.path("pendingApprovals").get(0).path("approvalId").asText();
        assertThat(api().send("POST", "/v1/tenants/" + tenant + "/turns/" + turnId + "/approvals/" + approvalId,
                "Bearer " + key, "{\"decision\": \"approve\"}").statusCode()).isEqualTo(202);
        JsonNode done = api().until(tenant, key, "/turns/" + turnId, t -> t.path("status").asText().equals("completed"));

        assertThat(done.path("reply").asText()).isEqualTo("mcp_notes_delete_note: deleted 3");
        assertThat(server.idempotencyKeys).singleElement().asString()
                .startsWith("talon/" + tenant + "/turn/" + turnId + "/");
    }

    @Test
    @DisplayName("settings the plugin finds wrong are refused by the admin API")
    void badServerSettingsAreRefused() throws Exception {
        HttpResponse<String> refused = api().admin("PUT", PlatformHttp.unique("mcp-bad"), "{\"plugins\": [\"tools-mcp\"],"
                + " \"toolSettings\": {\"tools-mcp\": {\"servers\": {\"Notes!\": {\"url\": \"file:///etc\"}}}}}");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("must be 1 to 16 lower-case letters or digits")
                .contains("must be an http or https URL");
    }

    private PlatformHttp api() {
        return new PlatformHttp(target.getUri());
    }
}
