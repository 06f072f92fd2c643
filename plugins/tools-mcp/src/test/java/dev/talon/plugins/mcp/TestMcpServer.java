package dev.talon.plugins.mcp;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A real MCP server on 127.0.0.1, built with the SDK's own server side (streamable HTTP servlet in Jetty). Its tools:
 * {@code search} (read-only), {@code set_flag} (idempotent, not destructive), {@code delete_note} (destructive),
 * {@code broken} (answers with isError), {@code odd.name} (a name LLM APIs refuse), {@code bloated} (a 40 KB
 * schema).
 */
public final class TestMcpServer implements AutoCloseable {

    public final List<String> idempotencyKeys = new CopyOnWriteArrayList<>();
    private final Server jetty;
    private final McpSyncServer mcp;

    public TestMcpServer() throws Exception {
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .mcpEndpoint("/mcp").build();
        mcp = McpServer.sync(transport).serverInfo("test-server", "1.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(tool("search", "Search the notes", annotations(true, null, null), (meta, args) ->
                                ok("found: " + args.get("query"))),
                        tool("set_flag", "Set a flag", annotations(false, false, true), (meta, args) -> ok("set")),
                        tool("delete_note", "Delete a note", annotations(false, true, false), (meta, args) -> {
                            idempotencyKeys.add(String.valueOf(meta.get("dev.talon/idempotency-key")));
                            return ok("deleted " + args.get("id"));
                        }),
                        tool("broken", "Always fails", null, (meta, args) -> McpSchema.CallToolResult.builder()
                                .addTextContent("the notes store is offline").isError(true).build()),
                        tool("odd.name", "A name to clean", null, (meta, args) -> ok("odd")),
                        bloated())
                .build();
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        ServletHolder servlet = new ServletHolder(transport);
        servlet.setAsyncSupported(true);
        context.addServlet(servlet, "/*");
        jetty.setHandler(context);
        jetty.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort() + "/mcp");
    }

    @Override
    public void close() throws Exception {
        mcp.closeGracefully();
        jetty.stop();
    }

    private interface Handler {
        McpSchema.CallToolResult handle(Map<String, Object> meta, Map<String, Object> args);
    }

    private static McpServerFeatures.SyncToolSpecification tool(String name, String description,
                                                               McpSchema.ToolAnnotations annotations, Handler handler) {
        McpSchema.Tool tool = McpSchema.Tool.builder().name(name).description(description)
                .inputSchema(Map.of("type", "object",
                        "properties", Map.of("query", Map.of("type", "string"), "id", Map.of("type", "integer"))))
                .annotations(annotations).build();
        return McpServerFeatures.SyncToolSpecification.builder().tool(tool)
                .callHandler((exchange, request) -> handler.handle(
                        request.meta() == null ? Map.of() : request.meta(),
                        request.arguments() == null ? Map.of() : request.arguments()))
                .build();
    }

    /** A tool whose input schema would fill every prompt: left out by the client. */
    private static McpServerFeatures.SyncToolSpecification bloated() {
        McpSchema.Tool tool = McpSchema.Tool.builder().name("bloated").description("Too big to offer")
                .inputSchema(Map.of("type", "object", "description", "x".repeat(40_000))).build();
        return McpServerFeatures.SyncToolSpecification.builder().tool(tool)
                .callHandler((exchange, request) -> ok("bloated")).build();
    }

    private static McpSchema.ToolAnnotations annotations(Boolean readOnly, Boolean destructive, Boolean idempotent) {
        return McpSchema.ToolAnnotations.builder().readOnlyHint(readOnly).destructiveHint(destructive)
                .idempotentHint(idempotent).build();
    }

    private static McpSchema.CallToolResult ok(String text) {
        return McpSchema.CallToolResult.builder().addTextContent(text).build();
    }
}
