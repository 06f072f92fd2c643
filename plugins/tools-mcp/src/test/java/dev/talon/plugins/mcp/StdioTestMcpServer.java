package dev.talon.plugins.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;

/**
 * A real MCP server on stdio, the SDK's own ({@link StdioServerTransportProvider}), run by the tests as a program
 * ({@code java -cp … StdioTestMcpServer}) inside an exec backend. Its tools: {@code search} (read-only), {@code
 * delete_note} (destructive), {@code spawn} (starts a background shell that would outlive a careless kill),
 * {@code crash} (the process dies mid-call), {@code garble} (writes a line that is not JSON-RPC on stdout) and
 * {@code hang} (never answers).
 */
public final class StdioTestMcpServer {

    private StdioTestMcpServer() {
    }

    public static void main(String[] args) throws Exception {
        // stdout is the protocol's: whatever else prints (a logger) goes to stderr
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
        System.setOut(System.err);
        StdioServerTransportProvider transport = new StdioServerTransportProvider(McpJsonDefaults.getMapper(),
                System.in, protocol);
        McpServer.sync(transport).serverInfo("stdio-test-server", "1.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(tool("search", annotations(true, null, null), args2 -> ok("found: " + args2.get("query")
                                + " in " + System.getProperty("user.dir"))),
                        tool("delete_note", annotations(false, true, false), args2 -> ok("deleted " + args2.get("id"))),
                        tool("spawn", null, args2 -> spawn(String.valueOf(args2.get("query")))),
                        tool("crash", null, args2 -> {
                            System.err.println("crashing on purpose");
                            System.err.flush();
                            Runtime.getRuntime().halt(3);
                            return ok("unreachable");
                        }),
                        tool("garble", null, args2 -> {
                            protocol.println("this is not JSON-RPC");
                            return ok("garbled");
                        }),
                        tool("hang", null, args2 -> {
                            try {
                                Thread.sleep(Long.MAX_VALUE);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            return ok("woke up");
                        }))
                .build();
        Thread.currentThread().join(); // the transport's threads serve until stdin ends
    }

    // a shell named after the marker (its $0), so the test can look for it among the host's processes
    private static McpSchema.CallToolResult spawn(String marker) {
        try {
            new ProcessBuilder("sh", "-c", "sleep 600; true", marker).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return ok("spawned");
        } catch (IOException e) {
            return McpSchema.CallToolResult.builder().addTextContent(e.getMessage()).isError(true).build();
        }
    }

    private interface Handler {
        McpSchema.CallToolResult handle(Map<String, Object> args);
    }

    private static McpServerFeatures.SyncToolSpecification tool(String name, McpSchema.ToolAnnotations annotations,
                                                               Handler handler) {
        McpSchema.Tool tool = McpSchema.Tool.builder().name(name).description("the " + name + " tool")
                .inputSchema(Map.of("type", "object",
                        "properties", Map.of("query", Map.of("type", "string"), "id", Map.of("type", "integer"))))
                .annotations(annotations).build();
        return McpServerFeatures.SyncToolSpecification.builder().tool(tool)
                .callHandler((exchange, request) -> handler.handle(
                        request.arguments() == null ? Map.of() : request.arguments()))
                .build();
    }

    private static McpSchema.ToolAnnotations annotations(Boolean readOnly, Boolean destructive, Boolean idempotent) {
        return McpSchema.ToolAnnotations.builder().readOnlyHint(readOnly).destructiveHint(destructive)
                .idempotentHint(idempotent).build();
    }

    private static McpSchema.CallToolResult ok(String text) {
        return McpSchema.CallToolResult.builder().addTextContent(text).build();
    }
}
