package dev.talon.plugins.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.talon.api.Tool;
import dev.talon.api.ToolScope;
import dev.talon.api.ToolSpec;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The tool lists of MCP servers, each kept for a minute: the platform asks for a tenant's tools at every step of a
 * turn. A server that fails to list keeps its last list (calls then fail with a clear error) and is not asked again
 * for a while, so a dead server does not slow every step.
 */
final class McpToolLists {

    private static final System.Logger LOG = System.getLogger(McpToolLists.class.getName());
    static final Duration FRESH_FOR = Duration.ofSeconds(60);
    static final Duration RETRY_FAILED_AFTER = Duration.ofSeconds(15);
    static final int MAX_TOOLS_PER_SERVER = 100;
    private static final int MAX_DESCRIPTION_CHARS = 1024;
    static final int MAX_SCHEMA_CHARS = 32 * 1024;
    /** What LLM APIs accept as a tool name. */
    private static final int MAX_NAME_CHARS = 64;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How long a stdio server may take to start and list its tools. */
    static final Duration STDIO_LIST_TIMEOUT = Duration.ofSeconds(30);

    private record Listing(List<Tool> tools, long fetchedAt, boolean failed) {
    }

    /** An HTTP server's list is the same for every tenant; a stdio server's is its tenant's (another sandbox). */
    private record Key(McpServerSetting server, String tenant, String backend) {
    }

    private final Map<Key, Listing> listings = new ConcurrentHashMap<>();

    List<Tool> tools(McpServerSetting server, ToolScope scope) {
        if (!(server.endpoint() instanceof McpEndpoint.Stdio stdio)) {
            return tools(new Key(server, "", ""), () -> fetch(server,
                    work -> McpSessions.with(((McpEndpoint.Http) server.endpoint()).url(), work)));
        }
        if (scope.execBackend().isEmpty() || scope.workspace().isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "MCP server {0} of tenant {1} runs on stdio, and the tenant has no"
                    + " exec backend (or no workspace is known here): it offers no tools", server.name(), scope.tenant());
            return List.of();
        }
        SandboxPlace place = new SandboxPlace(scope.execBackend().get(), scope.workspace().get(), scope.tenant(), "");
        return tools(new Key(server, scope.tenant(), place.backend().id()), () -> fetch(server,
                work -> McpSessions.with(stdio, place, STDIO_LIST_TIMEOUT, work)));
    }

    private List<Tool> tools(Key key, Supplier<List<Tool>> fetch) {
        McpServerSetting server = key.server();
        long now = System.nanoTime();
        Listing known = listings.get(key);
        if (known != null && now - known.fetchedAt() < (known.failed() ? RETRY_FAILED_AFTER : FRESH_FOR).toNanos()) {
            return known.tools();
        }
        Listing fresh;
        try {
            fresh = new Listing(fetch.get(), now, false);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "MCP server {0} ({1}) could not list its tools: {2}", server.name(),
                    server.endpoint(), McpFailures.reason(e));
            fresh = new Listing(known == null ? List.of() : known.tools(), now, true);
        }
        listings.put(key, fresh);
        return fresh.tools();
    }

    private static List<Tool> fetch(McpServerSetting server,
                                    Function<Function<McpSyncClient, List<Tool>>, List<Tool>> session) {
        return session.apply(client -> {
            List<Tool> tools = new ArrayList<>();
            Set<String> names = new HashSet<>();
            String cursor = null;
            do {
                McpSchema.ListToolsResult page = cursor == null ? client.listTools() : client.listTools(cursor);
                for (McpSchema.Tool remote : page.tools()) {
                    String name = name(server.name(), remote.name());
                    if (tools.size() >= MAX_TOOLS_PER_SERVER || !names.add(name)) {
                        continue; // a name that collides after cleaning is left out rather than guessed
                    }
                    JsonNode schema = schema(remote);
                    if (schema.toString().length() > MAX_SCHEMA_CHARS) {
                        // every prompt of the tenant carries it: a server does not get to fill them
                        LOG.log(System.Logger.Level.WARNING, "MCP server {0}: tool {1} left out, its input schema is"
                                + " over {2} characters", server.name(), name, MAX_SCHEMA_CHARS);
                        continue;
                    }
                    tools.add(new McpTool(server.name(), server.endpoint(), remote.name(),
                            new ToolSpec(name, description(server.name(), remote), schema),
                            McpToolEffects.of(remote.annotations())));
                }
                cursor = page.nextCursor();
            } while (cursor != null && tools.size() < MAX_TOOLS_PER_SERVER);
            return List.copyOf(tools);
        });
    }

    /** {@code mcp_<server>_<tool>}, with what LLM APIs refuse in a name replaced, at most 64 characters. */
    static String name(String server, String remote) {
        String cleaned = remote.replaceAll("[^A-Za-z0-9_-]", "_");
        String name = "mcp_" + server + "_" + cleaned;
        return name.length() > MAX_NAME_CHARS ? name.substring(0, MAX_NAME_CHARS) : name;
    }

    private static String description(String server, McpSchema.Tool remote) {
        String text = remote.description() == null ? "" : remote.description();
        text = text.length() > MAX_DESCRIPTION_CHARS ? text.substring(0, MAX_DESCRIPTION_CHARS) + "…" : text;
        return "(MCP server " + server + ") " + text;
    }

    private static JsonNode schema(McpSchema.Tool remote) {
        return remote.inputSchema() == null ? JSON.createObjectNode().put("type", "object")
                : JSON.valueToTree(remote.inputSchema());
    }
}
