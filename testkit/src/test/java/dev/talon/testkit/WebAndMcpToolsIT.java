package dev.talon.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.talon.platform.tenant.ApiKeys;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 11's "done when", on the real Temporal dev server with the platform as separate processes: a tenant with an
 * MCP server on stdio (the docs' {@code docs/examples/notes-mcp.py}, started by tools-mcp inside the tenant's
 * bubblewrap sandbox) and web tools answers a scripted turn that calls MCP tools and fetches a local page its
 * {@code allowHosts} lets it reach.
 */
class WebAndMcpToolsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TENANT = "tourist";
    private static final String KEY = "tourist-key";

    // started before the cluster: the tenant's settings allow its address
    private static final HttpServer SITE = site();

    @RegisterExtension
    static final LocalClusterExtension LOCAL = LocalClusterExtension.named("web-and-mcp").withTenants("""
              %s:
                apiKeys: [%s]
                namespace: %s
                taskQueue: talon-tourist
                plugins: [tools-web, tools-mcp, exec-bubblewrap, provider-scripted]
                provider: {plugin: provider-scripted, model: scripted}
                exec: {backend: bubblewrap}
                toolSettings:
                  tools-web: {allowHosts: [127.0.0.1]}
                  tools-mcp: {servers: {notes: {transport: stdio, command: [python3, notes-mcp.py]}}}
            """.formatted(TENANT, JSON.valueToTree(ApiKeys.hash(KEY)).toString(), LocalCluster.NAMESPACE));

    @AfterAll
    static void stopTheSite() {
        SITE.stop(0);
    }

    @Test
    void aTurnCallsAStdioMcpServerInTheSandboxAndFetchesALocalPage() throws Exception {
        Path workspace = LOCAL.cluster().dataDir().resolve("tenants").resolve(TENANT).resolve("workspace");
        Files.createDirectories(workspace);
        Files.copy(LocalClusterExtension.projectDir().resolve("docs/examples/notes-mcp.py"),
                workspace.resolve("notes-mcp.py"), StandardCopyOption.REPLACE_EXISTING);
        TurnClient turns = new TurnClient(URI.create("http://127.0.0.1:" + LOCAL.cluster().server().orElseThrow()
                .port()), TENANT, KEY);

        TurnReply turn = turns.submit("s1", "/call mcp_notes_add_note {\"text\": \"owls are back\"}\n"
                + "/call mcp_notes_read_notes {}\n"
                + "/call web_fetch {\"url\": \"http://127.0.0.1:" + SITE.getAddress().getPort() + "/news\"}",
                "t-" + UUID.randomUUID(), true, 120);

        assertThat(turn.completed()).as(turn.body().toString()).isTrue();
        String[] lines = turn.reply().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).isEqualTo("mcp_notes_add_note: added");
        assertThat(lines[1]).isEqualTo("mcp_notes_read_notes: - owls are back");
        assertThat(lines[2]).startsWith("web_fetch: ").contains("The owls are back.");
        // the server ran in the sandbox, with the workspace as its directory: its file is there
        assertThat(Files.readString(workspace.resolve("notes.md"))).isEqualTo("- owls are back\n");
    }

    private static HttpServer site() {
        try {
            HttpServer site = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            site.createContext("/", exchange -> {
                byte[] body = "<html><body><p>The owls are back.</p></body></html>".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/html");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            site.start();
            return site;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
