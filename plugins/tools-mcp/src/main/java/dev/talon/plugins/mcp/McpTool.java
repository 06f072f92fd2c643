package dev.talon.plugins.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.api.ExecBackend;
import dev.talon.api.Tool;
import dev.talon.api.ToolContext;
import dev.talon.api.ToolEffect;
import dev.talon.api.ToolResult;
import dev.talon.api.ToolSpec;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One tool of a tenant's MCP server, offered as {@code mcp_<server>_<tool>}. Each call opens its own session: the
 * call is one ExecuteTool activity and may run on any worker; a stdio server is started for the call in the tenant's
 * exec sandbox and killed after it. A server that cannot be reached, dies or breaks the protocol is an error result.
 */
final class McpTool implements Tool {

    /** The key MCP's {@code _meta} carries a call's idempotency key under (a prefixed name, as MCP asks). */
    static final String IDEMPOTENCY_META = "dev.talon/idempotency-key";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String server;
    private final McpEndpoint endpoint;
    private final String remoteName;
    private final ToolSpec spec;
    private final ToolEffect effect;

    McpTool(String server, McpEndpoint endpoint, String remoteName, ToolSpec spec, ToolEffect effect) {
        this.server = server;
        this.endpoint = endpoint;
        this.remoteName = remoteName;
        this.spec = spec;
        this.effect = effect;
    }

    @Override
    public ToolSpec spec() {
        return spec;
    }

    @Override
    public ToolEffect effect() {
        return effect;
    }

    @Override
    @SuppressWarnings("unchecked")
    public ToolResult execute(JsonNode arguments, ToolContext context) {
        Map<String, Object> args = arguments == null || arguments.isNull()
                ? Map.of() : JSON.convertValue(arguments, Map.class);
        McpSchema.CallToolRequest request = new McpSchema.CallToolRequest(remoteName, args,
                Map.of(IDEMPOTENCY_META, context.idempotencyKey()));
        McpSchema.CallToolResult result;
        try {
            result = call(request, context);
        } catch (RuntimeException e) {
            return ToolResult.error("Error: MCP server '" + server + "' could not run " + remoteName + ": "
                    + McpFailures.reason(e));
        }
        String text = result.content() == null ? "" : result.content().stream()
                .map(McpTool::text).collect(Collectors.joining("\n"));
        return Boolean.TRUE.equals(result.isError())
                ? ToolResult.error("Error: " + remoteName + " on MCP server '" + server + "' failed: " + text)
                : ToolResult.ok(text);
    }

    private McpSchema.CallToolResult call(McpSchema.CallToolRequest request, ToolContext context) {
        return switch (endpoint) {
            case McpEndpoint.Http http -> McpSessions.with(http.url(), client -> client.callTool(request));
            case McpEndpoint.Stdio stdio -> {
                // never on the host: a stdio server runs in the tenant's exec backend or not at all
                ExecBackend backend = context.execBackend().orElseThrow(() -> new IllegalStateException(
                        "the server runs on stdio in the tenant's exec sandbox, and this tenant's exec is disabled"));
                SandboxPlace place = new SandboxPlace(backend, context.workspace(), context.tenant(),
                        context.session());
                yield McpSessions.with(stdio, place, context.execTimeout(), client -> client.callTool(request));
            }
        };
    }

    private static String text(McpSchema.Content content) {
        if (content instanceof McpSchema.TextContent text) {
            return text.text();
        }
        // images, audio, resources: the LLM gets to know they were there, not their bytes
        return "[" + content.type() + " content left out]";
    }
}
